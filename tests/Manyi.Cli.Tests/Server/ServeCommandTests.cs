using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Manyi.Cli.Tests.Server;

/// <summary>
/// `manyi serve` as a newcomer runs it (README's first command): a real child process from the CLI's build folder, on a
/// fresh data directory. The host runs inside the CLI, not inside Manyi.Web, so this catches pages or static files that
/// only the web project's own folder would have.
/// </summary>
public partial class ServeCommandTests
{
    [Fact]
    public async Task Serve_FreshDataDirectory_ServesLoginPageAndItsAssets()
    {
        var manyi = CliBuildOutput("manyi.dll");
        var data = Path.Combine(Path.GetTempPath(), $"manyi-serve-{Guid.NewGuid():N}");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [manyi, "serve", "--urls", $"http://127.0.0.1:{port}", "--data", data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var health = await WaitForHealthAsync(http, process);
            Assert.True(health, $"manyi serve did not become healthy within 60 s:\n{output}");

            var login = await http.GetAsync(new Uri("/login", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var html = await login.Content.ReadAsStringAsync();
            var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(assets);
            foreach (var asset in assets)
            {
                var response = await http.GetAsync(new Uri(asset, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}");
            }
            lock (output)
            {
                Assert.Contains("one-time password", output.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // The server may still be releasing the SQLite file; a temp folder left behind is harmless.
            }
        }
    }

    private static async Task<bool> WaitForHealthAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        return false;
    }

    /// <summary>The CLI's own build folder (src/Manyi.Cli/bin/&lt;configuration&gt;/net10.0), which holds the web root.</summary>
    private static string CliBuildOutput(string file)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testBin.Name.Length > 0 ? testBin.Name : testBin.Parent!.Name;
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
        var root = Path.GetDirectoryName(CliRun.Example("x"))!;
        var path = Path.GetFullPath(Path.Combine(root, "..", "..", "src", "Manyi.Cli", "bin", configuration, framework, file));
        Assert.True(File.Exists(path), $"{path} not found: build src/Manyi.Cli first");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("(?:href|src)=\"(/[^\"]+\\.(?:css|js)[^\"]*)\"")]
    private static partial Regex AssetReference();
}
