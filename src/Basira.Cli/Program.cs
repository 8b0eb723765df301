using Basira.Cli;

return await CliApp.RunAsync(args);
