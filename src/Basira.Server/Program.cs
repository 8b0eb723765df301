using Basira.Server;

var app = ServerApp.Create(args);
await Basira.Server.Demo.DemoSeeder.SeedIfRequestedAsync(app);
app.Run();

public partial class Program;
