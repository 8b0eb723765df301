using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Basira.Server.Web;

/// <summary>
/// Serves wwwroot (the stylesheet, scripts, the vendored ECharts, the map layers) from resources embedded in this assembly,
/// so every host (the server, <c>basira serve</c>, the tests) serves the same files offline, whatever its folder.
/// </summary>
public static class StaticAssets
{
    public static IApplicationBuilder UseBasiraStaticAssets(this IApplicationBuilder app)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".geojson"] = "application/geo+json";
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(StaticAssets).Assembly, "wwwroot"),
            ContentTypeProvider = types,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
    }
}
