using Microsoft.Playwright;

namespace Basira.EndToEnd;

/// <summary>
/// Pages and contexts whose default wait (every action and navigation) is <see cref="Timeout"/>. Test projects run side by
/// side on two cores: the first render of a page after sign-in can take far longer there than Playwright's 30 s default.
/// </summary>
public static class BrowserWaits
{
    /// <summary>Longest wait of any action or navigation, in ms.</summary>
    public const float Timeout = 120_000;

    /// <summary>A page in its own context, with <see cref="Timeout"/> as its default wait.</summary>
    public static async Task<IPage> NewPatientPageAsync(this IBrowser browser)
    {
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        return page;
    }

    /// <summary>A context with <see cref="Timeout"/> as the default wait of its pages.</summary>
    public static async Task<IBrowserContext> NewPatientContextAsync(this IBrowser browser, BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(Timeout);
        return context;
    }
}
