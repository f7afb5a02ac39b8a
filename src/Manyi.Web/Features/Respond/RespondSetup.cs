using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Manyi.Web.Hosting;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Respond;

/// <summary>Configuration section <c>Manyi:Respond</c>: the anti-abuse limits of the respondent pages (product.md M4).</summary>
public sealed class RespondOptions
{
    public const string Section = "Manyi:Respond";

    /// <summary>Answer submissions (POSTs of /s, /e, /k) allowed per client address and minute; more get a polite 429 page.</summary>
    public int PostsPerMinute { get; set; } = 60;

    /// <summary>Responses per client address and day through one link when the collection point sets no limit of its own.</summary>
    public int MaxPerAddressPerDay { get; set; } = 20;

    /// <summary>Key of the client-address hash; when empty a random key is kept in the data directory.</summary>
    public string? ClientHashKey { get; set; }
}

/// <summary>Services of the respondent side: rate limits and anti-abuse.</summary>
public static class RespondSetup
{
    /// <summary>Rate-limiter policy of the respondent pages' POSTs, partitioned by the keyed hash of the client address.</summary>
    public const string RateLimit = "respond";

    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiRespond(this IServiceCollection services)
    {
        services.AddOptions<RespondOptions>().BindConfiguration(RespondOptions.Section)
            .Validate(o => o.PostsPerMinute > 0 && o.MaxPerAddressPerDay > 0, "Manyi:Respond limits must be positive").ValidateOnStart();
        services.AddSingleton<ClientHasher>();
        services.AddScoped<RespondService>();
        services.AddRateLimiter(o => o.AddPolicy<string, RespondRateLimitPolicy>(RateLimit));
        // The respondent's language: ?lang=, then the invited customer's `language` attribute, then the usual providers.
        services.Configure<RequestLocalizationOptions>(o => o.RequestCultureProviders.Insert(0, new RespondCultureProvider()));
        return services;
    }
}

/// <summary>
/// HMAC-SHA256 of a client address: per-address limits and duplicate reports work without storing the address (product.md M12).
/// The key comes from <see cref="RespondOptions.ClientHashKey"/> or from a random key file beside the data-protection keys.
/// </summary>
public sealed class ClientHasher
{
    private readonly byte[] _key;

    public ClientHasher(IOptions<RespondOptions> options, IOptions<ManyiOptions> manyi)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(manyi);
        if (!string.IsNullOrWhiteSpace(options.Value.ClientHashKey))
        {
            _key = Encoding.UTF8.GetBytes(options.Value.ClientHashKey);
            return;
        }
        var dir = Path.Combine(manyi.Value.DataDirectory, "keys");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "respond-client-hash.key");
        if (!File.Exists(file))
        {
            try
            {
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                stream.Write(RandomNumberGenerator.GetBytes(32));
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process created it first: use theirs.
            }
        }
        _key = File.ReadAllBytes(file);
    }

    /// <summary>The keyed hash (64 hex digits) of the request's client address.</summary>
    public string Hash(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address)));
    }
}

/// <summary>A fixed window per client-address hash on the POSTs of the respondent pages; reading a survey is not limited.</summary>
internal sealed class RespondRateLimitPolicy(ClientHasher hasher, IOptions<RespondOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (ctx, ct) =>
    {
        var http = ctx.HttpContext;
        var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        var r = http.RequestServices.GetRequiredService<IStringLocalizer<RespondResource>>();
        var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
        var lang = CultureInfo.CurrentUICulture.Name;
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{html.Encode(lang)}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<title>{html.Encode(r["TooMany.Title"])}</title><link rel=\"stylesheet\" href=\"/css/respond.css\"></head><body class=\"respond\"><main class=\"survey\">" +
            $"<section class=\"notice\" id=\"too-many\"><h1>{html.Encode(r["TooMany.Title"])}</h1><p>{html.Encode(r["TooMany.Text"])}</p></section></main></body></html>", ct);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!HttpMethods.IsPost(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }
        var permits = options.Value.PostsPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(hasher.Hash(httpContext),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
