using System.Globalization;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Users;

namespace Manyi.Web.Features.Demo;

/// <summary>A unit of the demo tree; <see cref="ParentCode"/> is null for the head office.</summary>
public sealed record DemoUnit(string Code, string Name, UnitKind Kind, string? ParentCode, string Place = "", string PlaceEnglish = "");

/// <summary>A demo user; unit managers are scoped to <see cref="UnitCode"/>, account managers own the key customers of it.</summary>
public sealed record DemoUser(string UserName, string DisplayName, string Role, string? UnitCode);

/// <summary>One demo customer before it is written; <see cref="OwnerUserName"/> names a <see cref="DemoUser"/>.</summary>
public sealed record DemoCustomer(
    string Code,
    string Name,
    CustomerType Type,
    CustomerStatus Status,
    string Segment,
    string Tier,
    string BranchCode,
    string? OwnerUserName,
    string? Email,
    string? Phone,
    decimal Value,
    IReadOnlyDictionary<string, string> Attributes,
    int CustomerSinceDays);

/// <summary>
/// The demo organisation of product.md issue 4 as plain data: a power utility (华东电力, East China Power) with a head office,
/// 3 districts and 12 branches, 5,000 customers and users in every role. Pure and deterministic: the same seed gives the
/// same organisation, so demo screenshots and documentation stay reproducible. <see cref="DemoData"/> writes it.
/// </summary>
public static class DemoPlan
{
    public const string OrganisationName = "华东电力 (East China Power)";

    public const int Seed = 20_261_127;

    public const int CustomerCount = 5_000;

    public const string Residential = "residential";
    public const string Commercial = "commercial";
    public const string Industrial = "industrial";
    public const string KeyAccount = "key-account";

    /// <summary>Customer-pyramid tiers (Zeithaml, Rust &amp; Lemon 2001, "The customer pyramid") cut as product.md M2 suggests.</summary>
    public const string Platinum = "platinum";
    public const string Gold = "gold";
    public const string Iron = "iron";
    public const string Lead = "lead";

    /// <summary>Tier name and its share of customers ranked by value, most valuable first: top 1 %, next 4 %, next 15 %, rest.</summary>
    public static IReadOnlyList<(string Tier, double Share)> Tiers { get; } =
        [(Platinum, 0.01), (Gold, 0.04), (Iron, 0.15), (Lead, 0.80)];

    /// <summary>
    /// Customers per segment and the log-normal annual bill (CNY) of each: median e^μ and spread σ. Mass-market residential
    /// bills are small and many, a few dozen key accounts (steelworks, fabs, data centres) carry most of the revenue, as real
    /// utility revenue does.
    /// </summary>
    public static IReadOnlyList<(string Segment, int Count, double Median, double Sigma)> Segments { get; } =
    [
        (Residential, 3_800, 2_400, 0.7),
        (Commercial, 900, 36_000, 1.0),
        (Industrial, 260, 600_000, 1.1),
        (KeyAccount, 40, 12_000_000, 0.7),
    ];

    public static IReadOnlyList<DemoUnit> Units { get; } =
    [
        new("HQ", "华东电力总部 (Head office)", UnitKind.Company, null),
        new("SH", "上海供电区 (Shanghai district)", UnitKind.District, "HQ"),
        new("JS", "江苏供电区 (Jiangsu district)", UnitKind.District, "HQ"),
        new("ZJ", "浙江供电区 (Zhejiang district)", UnitKind.District, "HQ"),
        new("SH-PD", "浦东供电所 (Pudong branch)", UnitKind.Branch, "SH", "浦东", "Pudong"),
        new("SH-XH", "徐汇供电所 (Xuhui branch)", UnitKind.Branch, "SH", "徐汇", "Xuhui"),
        new("SH-MH", "闵行供电所 (Minhang branch)", UnitKind.Branch, "SH", "闵行", "Minhang"),
        new("SH-JD", "嘉定供电所 (Jiading branch)", UnitKind.Branch, "SH", "嘉定", "Jiading"),
        new("JS-NJ", "南京供电所 (Nanjing branch)", UnitKind.Branch, "JS", "南京", "Nanjing"),
        new("JS-SZ", "苏州供电所 (Suzhou branch)", UnitKind.Branch, "JS", "苏州", "Suzhou"),
        new("JS-WX", "无锡供电所 (Wuxi branch)", UnitKind.Branch, "JS", "无锡", "Wuxi"),
        new("JS-CZ", "常州供电所 (Changzhou branch)", UnitKind.Branch, "JS", "常州", "Changzhou"),
        new("ZJ-HZ", "杭州供电所 (Hangzhou branch)", UnitKind.Branch, "ZJ", "杭州", "Hangzhou"),
        new("ZJ-NB", "宁波供电所 (Ningbo branch)", UnitKind.Branch, "ZJ", "宁波", "Ningbo"),
        new("ZJ-WZ", "温州供电所 (Wenzhou branch)", UnitKind.Branch, "ZJ", "温州", "Wenzhou"),
        new("ZJ-SX", "绍兴供电所 (Shaoxing branch)", UnitKind.Branch, "ZJ", "绍兴", "Shaoxing"),
    ];

    /// <summary>Relative size of each branch (customers served), in the order of the branches in <see cref="Units"/>.</summary>
    private static readonly double[] BranchWeights = [1.4, 1.0, 1.1, 0.8, 1.2, 1.3, 0.9, 0.7, 1.3, 1.0, 0.8, 0.6];

    /// <summary>The demo users (the administrator exists already). Account managers (客户经理) are case handlers of a district.</summary>
    public static IReadOnlyList<DemoUser> Users { get; } =
    [
        new("demo-analyst", "陈静 (Chen Jing)", Roles.Analyst, null),
        new("demo-viewer", "赵敏 (Zhao Min)", Roles.Viewer, null),
        new("demo-manager-js", "孙强 (Sun Qiang)", Roles.UnitManager, "JS"),
        new("demo-manager-pd", "林芳 (Lin Fang)", Roles.UnitManager, "SH-PD"),
        new("demo-handler-sh", "周杰 (Zhou Jie)", Roles.CaseHandler, "SH"),
        new("demo-handler-js", "吴娟 (Wu Juan)", Roles.CaseHandler, "JS"),
        new("demo-handler-zj", "何涛 (He Tao)", Roles.CaseHandler, "ZJ"),
    ];

    private static readonly (string Zh, string En)[] Surnames =
    [
        ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"),
        ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"),
        ("何", "He"), ("林", "Lin"), ("高", "Gao"), ("罗", "Luo"),
    ];

    private static readonly (string Zh, string En)[] GivenNames =
    [
        ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"), ("强", "Qiang"), ("磊", "Lei"),
        ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"), ("娟", "Juan"), ("涛", "Tao"), ("明", "Ming"),
        ("超", "Chao"), ("秀英", "Xiuying"), ("华", "Hua"), ("平", "Ping"), ("建国", "Jianguo"), ("海燕", "Haiyan"), ("志强", "Zhiqiang"), ("婷", "Ting"),
    ];

    private static readonly (string Zh, string En)[] Brands =
    [
        ("恒达", "Hengda"), ("华盛", "Huasheng"), ("永新", "Yongxin"), ("金桥", "Jinqiao"), ("东方", "Dongfang"), ("新亚", "Xinya"),
        ("宏远", "Hongyuan"), ("联合", "Lianhe"), ("瑞丰", "Ruifeng"), ("天成", "Tiancheng"), ("博远", "Boyuan"), ("嘉禾", "Jiahe"),
        ("信诚", "Xincheng"), ("明珠", "Mingzhu"), ("海纳", "Haina"), ("长江", "Changjiang"),
    ];

    private static readonly (string Zh, string En)[] CommercialTrades =
    [
        ("商贸", "Trading"), ("餐饮", "Catering"), ("酒店", "Hotel"), ("超市", "Supermarket"), ("物业", "Property Management"), ("医药", "Pharmacy"),
    ];

    private static readonly (string Zh, string En)[] IndustrialTrades =
    [
        ("机械", "Machinery"), ("纺织", "Textiles"), ("化工", "Chemicals"), ("电子", "Electronics"), ("塑料", "Plastics"), ("食品", "Food"),
    ];

    private static readonly (string Zh, string En)[] KeyAccountTrades =
    [
        ("钢铁", "Steel"), ("石化", "Petrochemical"), ("半导体", "Semiconductor"), ("汽车制造", "Automotive"), ("数据中心", "Data Centre"), ("水泥", "Cement"),
    ];

    /// <summary>The 5,000 demo customers, tiers assigned by value rank. Same seed, same customers.</summary>
    public static IReadOnlyList<DemoCustomer> Customers(int seed = Seed)
    {
        var random = new Random(seed);
        var segments = Segments.SelectMany(s => Enumerable.Repeat(s, s.Count)).ToArray();
        random.Shuffle(segments);
        var branches = Units.Where(u => u.Kind == UnitKind.Branch).ToArray();
        var totalWeight = BranchWeights.Sum();

        var drafts = new List<DemoCustomer>(segments.Length);
        for (var i = 0; i < segments.Length; i++)
        {
            var number = i + 1;
            var (segment, _, median, sigma) = segments[i];
            var branch = branches[PickIndex(random, BranchWeights, totalWeight)];
            var code = string.Create(CultureInfo.InvariantCulture, $"C{number:000000}");
            var value = decimal.Round((decimal)(median * Math.Exp(sigma * StandardNormal(random))), 2, MidpointRounding.ToEven);
            var person = segment == Residential;
            var district = branch.ParentCode!;
            drafts.Add(new DemoCustomer(
                Code: code,
                Name: person ? PersonName(random) : CompanyName(random, segment, branch),
                Type: person ? CustomerType.Person : CustomerType.Company,
                Status: random.NextDouble() < 0.02 ? CustomerStatus.Lost : CustomerStatus.Active,
                Segment: segment,
                Tier: string.Empty,
                BranchCode: branch.Code,
                OwnerUserName: segment is KeyAccount or Industrial ? $"demo-handler-{district.ToLowerInvariant()}" : null,
                // Obviously fake contact data: the reserved .invalid domain (RFC 2606) and 555 numbers.
                Email: person && random.NextDouble() < 0.4 ? null : $"{code.ToLowerInvariant()}@example.invalid",
                Phone: string.Create(CultureInfo.InvariantCulture, $"555-{number:0000000}"),
                Value: value,
                Attributes: Attributes(random, segment),
                CustomerSinceDays: random.Next(0, 3_650)));
        }
        return AssignTiers(drafts);
    }

    /// <summary>Ranks by value (highest first, code breaks ties) and cuts the ranking at the shares of <see cref="Tiers"/>.</summary>
    public static IReadOnlyList<DemoCustomer> AssignTiers(IReadOnlyList<DemoCustomer> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var ranked = customers.OrderByDescending(c => c.Value).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        var result = new List<DemoCustomer>(ranked.Count);
        var start = 0;
        var cumulative = 0.0;
        foreach (var (tier, share) in Tiers)
        {
            cumulative += share;
            var end = tier == Tiers[^1].Tier ? ranked.Count : (int)Math.Round(cumulative * ranked.Count, MidpointRounding.AwayFromZero);
            for (var i = start; i < end; i++)
            {
                result.Add(ranked[i] with { Tier = tier });
            }
            start = end;
        }
        return result.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
    }

    private static int PickIndex(Random random, double[] weights, double total)
    {
        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    /// <summary>A standard normal draw by the Box–Muller transform.</summary>
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble(); // (0, 1]: the logarithm stays finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static string PersonName(Random random)
    {
        var (surname, surnameEn) = Surnames[random.Next(Surnames.Length)];
        var (given, givenEn) = GivenNames[random.Next(GivenNames.Length)];
        return $"{surname}{given} ({surnameEn} {givenEn})";
    }

    private static string CompanyName(Random random, string segment, DemoUnit branch)
    {
        var (brand, brandEn) = Brands[random.Next(Brands.Length)];
        var trades = segment switch
        {
            KeyAccount => KeyAccountTrades,
            Industrial => IndustrialTrades,
            _ => CommercialTrades,
        };
        var (trade, tradeEn) = trades[random.Next(trades.Length)];
        var (suffix, suffixEn) = segment == KeyAccount ? ("集团有限公司", "Group Co., Ltd.") : ("有限公司", "Co., Ltd.");
        return $"{branch.Place}{brand}{trade}{suffix} ({branch.PlaceEnglish} {brandEn} {tradeEn} {suffixEn})";
    }

    private static Dictionary<string, string> Attributes(Random random, string segment)
    {
        var (meter, tariff, voltage) = segment switch
        {
            Residential => (random.NextDouble() < 0.9 ? "smart-single-phase" : "electromechanical", "residential-tiered", "220V"),
            Commercial => ("smart-three-phase", random.NextDouble() < 0.5 ? "commercial-flat" : "general-time-of-use", "380V"),
            Industrial => (random.NextDouble() < 0.7 ? "smart-three-phase" : "ct-metering", "industrial-time-of-use", "10kV"),
            _ => ("hv-metering", "large-industrial-two-part", random.NextDouble() < 0.5 ? "35kV" : "110kV"),
        };
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["meterType"] = meter,
            ["tariff"] = tariff,
            ["voltage"] = voltage,
        };
    }
}
