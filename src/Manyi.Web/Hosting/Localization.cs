using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace Manyi.Web.Hosting;

/// <summary>
/// The admin UI speaks zh-CN (default) and en. The culture comes from <c>?culture=</c>, then the language cookie set by the
/// switch in the layout, then Accept-Language; texts live in <c>Resources/SharedResource*.resx</c>.
/// </summary>
public static class Localization
{
    public const string DefaultCulture = "zh-CN";

    public static IReadOnlyList<string> Cultures { get; } = [DefaultCulture, "en"];

    public static IServiceCollection AddManyiLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // Razor encodes only Basic Latin as is by default; Chinese text would arrive as numeric entities. Markup characters
        // (< > & " ') are still always encoded.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });
        return services;
    }

    /// <summary>Razor Pages with the shared texts for views and data-annotation messages.</summary>
    public static IMvcBuilder AddManyiPages(this IServiceCollection services) =>
        services.AddRazorPages()
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

    /// <summary>The cookie value that selects <paramref name="culture"/> (the switch in the layout writes it).</summary>
    public static string CookieValue(string culture) => CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));
}
