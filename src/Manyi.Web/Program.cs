using Manyi.Web.Hosting;

// `dotnet run --project src/Manyi.Web` starts the server on its embedded defaults; `manyi serve` does the same with options.
var app = ManyiApp.Build(args);
await app.RunAsync();

/// <summary>The web host's entry point (also the anchor type of WebApplicationFactory in tests).</summary>
public partial class Program;
