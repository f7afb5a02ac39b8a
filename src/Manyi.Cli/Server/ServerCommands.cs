using System.CommandLine;
using Manyi.Data;
using Manyi.Web.Features.Demo;
using Manyi.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Cli.Server;

/// <summary><c>manyi serve</c>, <c>manyi migrate</c> and <c>manyi demo</c>: run the web server, bring the database schema up to date, fill the demo organisation.</summary>
internal static class ServerCommands
{
    /// <summary><c>manyi serve [--urls URL] [--data DIR] [--demo]</c>.</summary>
    public static Command Serve(CliOutput output)
    {
        var command = new Command("serve",
            "Start the Manyi web server. On the embedded defaults it keeps its SQLite database in DIR (default: a 'data' folder beside the app), "
            + "migrates it, and on first start creates an administrator whose one-time password it prints."
            + $"{Environment.NewLine}{Environment.NewLine}Example:{Environment.NewLine}  manyi serve --urls http://127.0.0.1:5080 --demo");
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on, e.g. http://127.0.0.1:5080 (default http://localhost:5000).", DefaultValueFactory = _ => "http://localhost:5000" };
        var data = DataOption();
        var demo = new Option<bool>("--demo") { Description = "Fill the demo organisation (a power utility with 12 branches and 5,000 customers) if the database is empty." };
        command.Options.Add(urls);
        command.Options.Add(data);
        command.Options.Add(demo);
        command.SetAction(async (parse, ct) =>
        {
            await using var app = Build(parse.GetValue(data), b =>
            {
                b.WebHost.UseUrls(parse.GetValue(urls)!);
                b.Configuration["Manyi:Demo"] = parse.GetValue(demo) ? "true" : "false";
            }, output);
            await output.Out.WriteLineAsync($"Manyi is starting on {parse.GetValue(urls)} …");
            try
            {
                // Start runs the database preparation first: migrations, the first administrator, and with --demo the demo fill.
                await app.StartAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested || app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM while starting: the migration and the demo fill are transactions, so nothing is half-written.
                await output.Error.WriteLineAsync("Stopped before the server was ready.");
                return Interrupted;
            }
            var address = app.Urls.FirstOrDefault() ?? parse.GetValue(urls)!;
            await output.Out.WriteLineAsync($"Manyi is ready at {address} — sign in at {address}/login, API reference at {address}/api/reference. Press Ctrl+C to stop.");
            // Ctrl+C and SIGTERM stop the host gracefully: requests in flight finish, then the process exits with 0.
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    /// <summary><c>manyi demo [--data DIR]</c>.</summary>
    public static Command Demo(CliOutput output)
    {
        var command = new Command("demo",
            "Fill the database with the demo organisation: a power utility (华东电力 East China Power) with a head office, 3 districts, "
            + "12 branches, 5,000 customers and users in every role. Migrates first; prints the demo users and their password. "
            + "Refuses, changing nothing, when the demo organisation or other customer data exists."
            + $"{Environment.NewLine}{Environment.NewLine}Example:{Environment.NewLine}  manyi demo --data ./data && manyi serve --data ./data");
        var data = DataOption();
        command.Options.Add(data);
        command.SetAction(async (parse, ct) =>
        {
            await using var app = Build(parse.GetValue(data), b => b.Configuration["Manyi:MigrateOnStart"] = "false", output);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            await db.Database.MigrateAsync(ct);
            await FirstStart.EnsureAdministratorAsync(scope.ServiceProvider, output.Out, ct);
            var result = await DemoData.FillAsync(scope.ServiceProvider, ct);
            if (result.Summary is null)
            {
                await output.Error.WriteLineAsync($"error: {result.Refusal}");
                return Refused;
            }
            foreach (var line in result.Summary.Lines())
            {
                await output.Out.WriteLineAsync(line);
            }
            await output.Out.WriteLineAsync($"Start the server with: manyi serve{(parse.GetValue(data) is { } dir ? $" --data {dir}" : string.Empty)}");
            return 0;
        });
        return command;
    }

    /// <summary><c>manyi migrate [--data DIR]</c>.</summary>
    public static Command Migrate(CliOutput output)
    {
        var command = new Command("migrate",
            "Create or update the database schema to this version of Manyi, then exit. Uses the same configuration as serve "
            + "(Manyi:Database:Provider and Manyi:Database:ConnectionString select PostgreSQL)."
            + $"{Environment.NewLine}{Environment.NewLine}Example:{Environment.NewLine}  manyi migrate --data ./data");
        var data = DataOption();
        command.Options.Add(data);
        command.SetAction(async (parse, ct) =>
        {
            await using var app = Build(parse.GetValue(data), b => b.Configuration["Manyi:MigrateOnStart"] = "false", output);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.Database.MigrateAsync(ct);
            await output.Out.WriteLineAsync(pending.Count == 0
                ? "The database is up to date."
                : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
            return 0;
        });
        return command;
    }

    /// <summary>Exit code of <c>manyi serve</c> stopped by Ctrl+C or SIGTERM before it was ready (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code of <c>manyi demo</c> when it refuses because the data exists already.</summary>
    public const int Refused = 1;

    private static Option<string?> DataOption() =>
        new("--data") { Description = "Folder of the embedded database and local files (default: 'data' beside the app)." };

    private static WebApplication Build(string? dataDirectory, Action<WebApplicationBuilder> configure, CliOutput output) =>
        // Content root beside the app: appsettings.json (log levels, defaults) is read from there, not from the working folder.
        ManyiApp.Build(["--contentRoot", AppContext.BaseDirectory], b =>
        {
            if (!string.IsNullOrWhiteSpace(dataDirectory))
            {
                b.Configuration["Manyi:DataDirectory"] = Path.GetFullPath(dataDirectory);
            }
            b.Services.AddSingleton(new FirstStartConsole(output.Out));
            configure(b);
        });
}
