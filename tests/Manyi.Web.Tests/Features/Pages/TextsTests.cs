using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Manyi.Web.Tests.Features.Pages;

/// <summary>Every text key the pages use exists in both languages, so no page ever shows a bare key.</summary>
public partial class TextsTests
{
    // A key is a literal like "Customer.Code" given to the localizer (T[...], t[...]), to a data annotation, or as an import reason.
    [GeneratedRegex(@"(?:[Tt]\[|ErrorMessage = |Name = |, )""([A-Z][A-Za-z]*\.[A-Z][A-Za-z-]*)""")]
    private static partial Regex KeyPattern();

    private static string Web()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "src", "Manyi.Web");
    }

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(Web(), "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Resources_BothLanguages_HaveTheSameKeys()
    {
        var en = Keys("SharedResource.resx");
        var zh = Keys("SharedResource.zh-CN.resx");
        Assert.Empty(en.Except(zh));
        Assert.Empty(zh.Except(en));
    }

    [Fact]
    public void Pages_EveryKeyUsed_IsInTheResources()
    {
        var keys = Keys("SharedResource.zh-CN.resx");
        var used = Directory.EnumerateFiles(Path.Combine(Web(), "Pages"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(keys));
    }
}
