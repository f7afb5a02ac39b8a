using System.Text.RegularExpressions;
using System.Xml.Linq;
using Manyi.Core.Surveys;
using Manyi.Web.Pages.Respond;

namespace Manyi.Web.Tests.Features.Respond;

/// <summary>The respondent pages' texts exist in both languages, for every key the pages name and every reason code and screen.</summary>
public partial class RespondTextsTests
{
    [GeneratedRegex(@"[Rr]\[""([A-Z][A-Za-z]*(?:\.[A-Za-z-]+)+)""")]
    private static partial Regex KeyPattern();

    private static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return dir.FullName;
    }

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(Repo(), "src", "Manyi.Web", "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void BothLanguages_HaveTheSameKeys_AndEveryKeyUsedOrComposed()
    {
        var en = Keys("RespondResource.resx");
        var zh = Keys("RespondResource.zh-CN.resx");
        Assert.Empty(en.Except(zh));
        Assert.Empty(zh.Except(en));
        var sources = new[] { Path.Combine("src", "Manyi.Web", "Pages", "Respond"), Path.Combine("src", "Manyi.Web", "Features", "Respond") };
        var used = sources.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Repo(), d)))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        // Keys composed at run time: reason codes, notice screens, Kano answers and parts, both language switches.
        var reasons = typeof(AnswerReasons).GetFields().Select(f => "Reason." + (string)f.GetValue(null)!);
        var screens = Enum.GetNames<SurveyScreen>().Where(s => s is not ("Questions" or "Thanks")).SelectMany(s => new[] { $"Notice.{s}.Title", $"Notice.{s}.Text" });
        var kano = AnswerCheck.KanoAnswers.Select(a => "Kano." + a).Concat(["Part.Kano.functional", "Part.Kano.dysfunctional"]);
        var parts = AnswerCheck.TripleParts.Select(p => "Part." + p);
        string[] other = ["Language.SwitchTo.en", "Language.SwitchTo.zh-CN", "Answer.Yes", "Answer.No", "Ends.Nps.Low", "Ends.Nps.High", "Ends.Csat.Low", "Ends.Csat.High", "Ends.Agree.Low", "Ends.Agree.High"];
        Assert.Empty(used.Concat(reasons).Concat(screens).Concat(kano).Concat(parts).Concat(other).Except(zh));
    }
}
