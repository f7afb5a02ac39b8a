namespace Manyi.Core.Surveys.Templates;

/// <summary>A questionnaire that ships with Manyi (product.md M3), with the indicator system its questions bind to.</summary>
public sealed record QuestionnaireTemplate(string Key, LocalText Name, LocalText Description, IndicatorSystemDefinition? Indicators, QuestionnaireDefinition Questionnaire);

/// <summary>The shipped templates; created in one click from the questionnaires page or <c>POST /api/v1/questionnaires/from-template</c>.</summary>
public static partial class QuestionnaireTemplates
{
    /// <summary>Key of the NPS relationship survey.</summary>
    public const string NpsRelationship = "nps-relationship";

    /// <summary>Key of the one-question counter rating (满意/一般/不满意) the kiosk uses; its question is <c>rating</c>, Scale 1–3.</summary>
    public const string BankCounter = "bank-counter";

    /// <summary>Key of the power utility survey.</summary>
    public const string PowerUtility = "power-utility";

    /// <summary>Every template, in the order shown to users.</summary>
    public static IReadOnlyList<QuestionnaireTemplate> All { get; } =
    [
        Acsi(),
        Servqual22(),
        KanoStudy(),
        Nps(),
        CsatTransactional(),
        Ces(),
        Counter(),
        CarDealerSsi(),
        CarDealerCsi(),
        Supplier(),
        Power(),
        Employee(),
        LinguisticStudy(),
    ];

    /// <summary>The template with this key, or null.</summary>
    public static QuestionnaireTemplate? Find(string key) => All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));

    private static QuestionnaireTemplate Nps() => new(
        NpsRelationship,
        L("NPS 关系调查", "NPS relationship survey"),
        L("客户推荐意愿及原因", "Likelihood to recommend and why"),
        null,
        new QuestionnaireDefinition
        {
            Title = L("客户推荐意愿调查", "How likely are you to recommend us?"),
            Pages =
            [
                new QuestionPage
                {
                    Questions =
                    [
                        new Question
                        {
                            Code = "recommend", Type = QuestionType.Nps, Required = true,
                            Text = L("您向亲友推荐我们的可能性有多大？", "How likely are you to recommend us to a friend or colleague?"),
                            Why = L("您给出这个分数的主要原因是什么？", "What is the main reason for your score?"),
                        },
                    ],
                },
                new QuestionPage
                {
                    Questions =
                    [
                        new Question
                        {
                            Code = "satisfaction", Type = QuestionType.Csat, Required = true,
                            Text = L("总体而言，您对我们的服务满意吗？", "Overall, how satisfied are you with our service?"),
                        },
                    ],
                },
            ],
        });

    private static QuestionnaireTemplate CsatTransactional() => new(
        "csat-transactional",
        L("交易后满意度（CSAT）", "Transactional CSAT"),
        L("一次服务之后的满意度，低分时追问原因", "Satisfaction right after a transaction; asks why when the score is low"),
        null,
        new QuestionnaireDefinition
        {
            Title = L("本次服务满意度", "Your satisfaction with this service"),
            ThankYou = L("感谢您的反馈！", "Thank you for your feedback!"),
            Pages =
            [
                new QuestionPage
                {
                    Questions =
                    [
                        new Question { Code = "csat", Type = QuestionType.Csat, Required = true, Text = L("您对本次服务的满意程度如何？", "How satisfied were you with this service?"), Options = Likert5 },
                        YesNoQ("resolved", "您的问题是否已得到解决？", "Was your issue resolved?"),
                        TextQ("why_low", "请告诉我们哪里做得不够好。", "Please tell us what we could have done better.", new("csat", ConditionOperator.AtMost, ["3"])),
                    ],
                },
            ],
        });

    private static QuestionnaireTemplate Ces() => new(
        "ces",
        L("客户费力度（CES）", "Customer effort score (CES)"),
        L("办理一件事情是否容易；费力时追问原因", "How easy it was to get something done; asks what was hard"),
        null,
        new QuestionnaireDefinition
        {
            Title = L("办理是否便捷", "How easy was it?"),
            Pages =
            [
                new QuestionPage
                {
                    Questions =
                    [
                        new Question
                        {
                            Code = "effort", Type = QuestionType.Ces, Required = true,
                            Text = L("“公司让我很容易地解决了问题。”您是否同意？（1 = 非常不同意，7 = 非常同意）", "\"The company made it easy for me to handle my issue.\" Do you agree? (1 = strongly disagree, 7 = strongly agree)"),
                        },
                        new Question
                        {
                            Code = "contacts", Type = QuestionType.SingleChoice, Required = true,
                            Text = L("为解决这个问题，您联系了我们几次？", "How many times did you contact us about this issue?"),
                            Options = [Option("one", "1 次", "Once"), Option("two", "2 次", "Twice"), Option("more", "3 次及以上", "Three times or more")],
                        },
                        TextQ("hard", "哪些环节让您觉得费力？", "What made it hard?", new("effort", ConditionOperator.AtMost, ["4"])),
                    ],
                },
            ],
        });

    private static QuestionnaireTemplate Counter() => new(
        BankCounter,
        L("柜台服务评价", "Bank counter rating"),
        L("柜台评价器：一个问题，满意 / 一般 / 不满意", "The counter tablet's single question: satisfied / neutral / dissatisfied"),
        null,
        new QuestionnaireDefinition
        {
            Title = L("请您对本次服务作出评价", "Please rate this service"),
            ThankYou = L("谢谢您的评价！", "Thank you!"),
            Pages =
            [
                new QuestionPage
                {
                    Questions =
                    [
                        new Question
                        {
                            Code = "rating", Type = QuestionType.Scale, Required = true, ScaleMin = 1, ScaleMax = 3,
                            Text = L("您对本次柜台服务满意吗？", "How satisfied are you with this counter service?"),
                            Options = [Option("3", "满意", "Satisfied"), Option("2", "一般", "Neutral"), Option("1", "不满意", "Dissatisfied")],
                        },
                    ],
                },
            ],
        });

    private static QuestionnaireTemplate KanoStudy() => new(
        "kano-study",
        L("Kano 需求分类研究", "Kano feature study"),
        L("每项功能的正反问题（Kano 问卷），并按期望程度排序", "Functional and dysfunctional question per feature (Kano) and a ranking of the features"),
        null,
        new QuestionnaireDefinition
        {
            Title = L("服务功能需求调查", "Which features matter to you?"),
            Introduction = L("每项功能有两个问题：如果提供该功能您的感受，以及如果不提供您的感受。", "Each feature has two questions: how you feel if it is provided, and how you feel if it is not."),
            Pages =
            [
                Page("功能评价", "Features",
                    Kano("online_payment", "在线缴费（手机 App、微信、支付宝）", "Online payment (app, WeChat, Alipay)"),
                    Kano("outage_notice", "停电、故障短信提前通知", "Advance text message about outages and faults"),
                    Kano("appointment", "网上预约上门服务", "Booking a home visit online"),
                    Kano("progress_tracking", "业务办理进度实时查询", "Tracking the progress of a request in real time"),
                    Kano("usage_report", "每月用量分析报告", "Monthly usage report")),
                Page("优先顺序", "Priorities",
                    new Question
                    {
                        Code = "priority", Type = QuestionType.Ranking, Required = true,
                        Text = L("请按您希望的优先程度排列以下功能（最重要的在前）。", "Rank these features by how much you want them (most wanted first)."),
                        RandomiseOptions = true,
                        Options =
                        [
                            Option("online_payment", "在线缴费", "Online payment"), Option("outage_notice", "故障通知", "Outage notices"),
                            Option("appointment", "网上预约", "Online booking"), Option("progress_tracking", "进度查询", "Progress tracking"),
                            Option("usage_report", "用量报告", "Usage report"),
                        ],
                    }),
            ],
        });

    private static Question Kano(string code, string zh, string en) =>
        new() { Code = code, Type = QuestionType.Kano, Required = true, Text = L(zh, en) };
}
