using System.Text.RegularExpressions;
using Manyi.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.EndToEnd;

/// <summary>
/// The real Manyi server on Kestrel at a free loopback port, with a fresh SQLite database in a temporary folder; the content root
/// is src/Manyi.Web so that its wwwroot (own files and the npm libraries the build copied) is served as in production.
/// </summary>
public sealed partial class ManyiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _data;

    private ManyiServer(WebApplication app, string data, Uri address, string administratorPassword)
    {
        _app = app;
        _data = data;
        Address = address;
        AdministratorPassword = administratorPassword;
    }

    public Uri Address { get; }

    /// <summary>The running app's services (tests write their data through its DbContext).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The one-time password that the first start printed for the administrator.</summary>
    public string AdministratorPassword { get; }

    [GeneratedRegex("one-time password ([A-Za-z0-9]+)")]
    private static partial Regex OneTimePassword();

    /// <summary>Starts the server; <paramref name="settings"/> are extra command-line settings (e.g. <c>--Manyi:Cases:ClockSeconds=1</c>).</summary>
    public static async Task<ManyiServer> StartAsync(params string[] settings)
    {
        var data = Path.Combine(Path.GetTempPath(), $"manyi-e2e-{Guid.NewGuid():N}");
        var console = new StringWriter();
        string[] args = [$"--contentRoot={Repository.Path("src", "Manyi.Web")}", "--applicationName=Manyi.Web", "--environment=Production", $"--Manyi:DataDirectory={data}", .. settings];
        var app = ManyiApp.Build(args, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddSingleton(new FirstStartConsole(console));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var password = OneTimePassword().Match(console.ToString()).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(password), "the first start printed no one-time password: " + console);
        return new ManyiServer(app, data, new Uri(address), password);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}

/// <summary>Paths inside the repository, found from the test's output folder.</summary>
public static class Repository
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return System.IO.Path.Combine([dir.FullName, .. parts]);
    }
}
