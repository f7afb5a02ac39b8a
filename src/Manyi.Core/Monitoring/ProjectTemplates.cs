using System.Globalization;

namespace Manyi.Core.Monitoring;

/// <summary>A factor of a template stage, named in both UI languages.</summary>
public sealed record TemplateFactor(string Key, string NameEn, string NameZh, FactorSource Source, double Weight, double Worst, double Best)
{
    /// <summary>The factor in the culture's language.</summary>
    public StageFactor ToFactor(CultureInfo culture) => new()
    {
        Key = Key,
        Name = ProjectTemplate.IsChinese(culture) ? NameZh : NameEn,
        Source = Source,
        Weight = Weight,
        Worst = Worst,
        Best = Best,
    };
}

/// <summary>A stage of a template.</summary>
public sealed record TemplateStage(string Key, string NameEn, string NameZh, int Days, IReadOnlyList<TemplateFactor> Factors);

/// <summary>A ready-made service project layout: stages, their factors, weights, sources and mappings (product.md M8).</summary>
public sealed record ProjectTemplate(string Key, string NameEn, string NameZh, IReadOnlyList<TemplateStage> Stages)
{
    internal static bool IsChinese(CultureInfo culture) => culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>The template's name in the culture's language.</summary>
    public string Name(CultureInfo culture) => IsChinese(culture) ? NameZh : NameEn;
}

/// <summary>
/// The built-in templates. Mappings (raw → 0–100, linear, clamped): milestones on-time fraction 0 → 0, 1 → 100; issues in the
/// stage 8 → 0, 0 → 100; mean first response 24 business hours → 0, 1 hour → 100; pulse 1–5 → 0–100; manual rating 1–5 → 0–100.
/// </summary>
public static class ProjectTemplates
{
    private static TemplateFactor Milestones(double w) => new("milestones", "Milestones on time", "里程碑按期", FactorSource.Milestones, w, 0, 1);

    private static TemplateFactor Issues(double w) => new("issues", "Issues raised", "问题数量", FactorSource.Issues, w, 8, 0);

    private static TemplateFactor Response(double w) => new("response-time", "Response time", "响应速度", FactorSource.ResponseTime, w, 24, 1);

    private static TemplateFactor Pulse(double w) => new("pulse", "Pulse survey", "脉搏调查", FactorSource.Pulse, w, 1, 5);

    private static TemplateFactor Rating(string key, string en, string zh, double w) => new(key, en, zh, FactorSource.Manual, w, 1, 5);

    /// <summary>An implementation project in five stages.</summary>
    public static ProjectTemplate Implementation { get; } = new("implementation", "Implementation project", "实施项目",
    [
        new("initiation", "Initiation", "启动", 30, [Milestones(0.3), Response(0.2), Rating("communication", "Communication", "沟通", 0.3), Pulse(0.2)]),
        new("design", "Design", "设计", 60, [Milestones(0.25), Issues(0.15), Response(0.15), Rating("solution-fit", "Solution fit", "方案匹配", 0.25), Pulse(0.2)]),
        new("delivery", "Delivery", "交付", 90, [Milestones(0.3), Issues(0.2), Response(0.2), Rating("quality", "Delivery quality", "交付质量", 0.15), Pulse(0.15)]),
        new("acceptance", "Acceptance", "验收", 30, [Milestones(0.2), Issues(0.25), Rating("quality", "Delivery quality", "交付质量", 0.3), Pulse(0.25)]),
        new("support", "Support", "运维支持", 90, [Issues(0.3), Response(0.35), Pulse(0.35)]),
    ]);

    /// <summary>A key-account year in four quarters with the same factors throughout.</summary>
    public static ProjectTemplate KeyAccountYear { get; } = new("key-account-year", "Key-account year", "大客户年度服务",
    [
        .. new[] { ("q1", "Q1", "一季度"), ("q2", "Q2", "二季度"), ("q3", "Q3", "三季度"), ("q4", "Q4", "四季度") }.Select(q =>
            new TemplateStage(q.Item1, q.Item2, q.Item3, 91,
            [
                new("delivery", "On-time delivery", "准时交付", FactorSource.Milestones, 0.3, 0, 1),
                Issues(0.2),
                Response(0.2),
                Rating("relationship", "Relationship", "客户关系", 0.1),
                Pulse(0.2),
            ])),
    ]);

    public static IReadOnlyList<ProjectTemplate> All { get; } = [Implementation, KeyAccountYear];

    /// <summary>The template with this key, or null.</summary>
    public static ProjectTemplate? Find(string? key) => All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));
}
