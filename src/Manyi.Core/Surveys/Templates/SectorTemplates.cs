namespace Manyi.Core.Surveys.Templates;

/// <summary>The sector questionnaires: car dealer SSI and CSI, supplier, power utility, employee, linguistic study.</summary>
public static partial class QuestionnaireTemplates
{
    /// <summary>A template whose questions are one 1–<paramref name="max"/> scale per base indicator of a two-level tree.</summary>
    private static (IndicatorSystemDefinition System, Question[] Questions) Flat(
        string root, string rootZh, string rootEn, int max, params (string Code, string Zh, string En, double Weight, string QuestionZh, string QuestionEn)[] stages)
    {
        var nodes = new List<IndicatorNodeDefinition> { Node(root, null, rootZh, rootEn) };
        nodes.AddRange(stages.Select(s => Node(s.Code, root, s.Zh, s.En, s.Weight)));
        var labels = max == 10 ? Ends10 : Likert5;
        return (Tree([.. nodes]), [.. stages.Select(s => ScaleQ(s.Code, s.QuestionZh, s.QuestionEn, 1, max, s.Code) with { Options = labels })]);
    }

    private static QuestionnaireTemplate CarDealerSsi()
    {
        var (system, questions) = Flat("ssi", "销售满意度指数", "Sales satisfaction index", 10,
            ("reception", "接待", "Reception", 0.15, "您对到店时销售顾问的接待满意吗？", "How satisfied are you with how the sales consultant received you?"),
            ("test_drive", "试乘试驾", "Test drive", 0.15, "您对试乘试驾的安排与讲解满意吗？", "How satisfied are you with the test drive and its explanations?"),
            ("delivery_payment", "交车与付款", "Delivery and payment", 0.15, "您对交车及付款过程满意吗？", "How satisfied are you with the delivery and payment?"),
            ("promises", "销售承诺", "Sales promises", 0.15, "销售时的承诺是否都已兑现？", "How well were the promises made at the sale kept?"),
            ("after_sales_follow_up", "售后跟进", "After-sales follow-up", 0.15, "您对购车后的跟进服务满意吗？", "How satisfied are you with the follow-up after the sale?"),
            ("one_week_call", "一周回访", "One-week call-back", 0.1, "您对交车一周后的回访满意吗？", "How satisfied are you with the call one week after delivery?"),
            ("opinion_follow_up", "意见跟进", "Follow-up of opinions", 0.15, "您提出的意见是否得到了跟进？", "How well were your comments followed up?"));
        return new(
            "car-ssi",
            L("汽车经销商销售满意度（SSI，7 个环节）", "Car dealer sales satisfaction (SSI, 7 stages)"),
            L("购车过程的 7 个环节，1–10 分，附推荐意愿", "The seven stages of buying a car on 1–10, with likelihood to recommend"),
            system,
            new QuestionnaireDefinition
            {
                Title = L("购车体验调查", "Your car buying experience"),
                Pages =
                [
                    Page("购车过程", "Buying", [.. questions]),
                    Page("推荐", "Recommendation", new Question
                    {
                        Code = "recommend", Type = QuestionType.Nps, Required = true,
                        Text = L("您向亲友推荐本经销店的可能性有多大？", "How likely are you to recommend this dealer?"),
                        Why = L("主要原因是什么？", "What is the main reason?"),
                    }),
                ],
            });
    }

    private static QuestionnaireTemplate CarDealerCsi()
    {
        var (system, questions) = Flat("csi", "售后服务满意度指数", "After-sales satisfaction index", 10,
            ("maintenance_reminder", "保养提醒", "Maintenance reminder", 0.1, "您对保养到期提醒满意吗？", "How satisfied are you with the maintenance reminder?"),
            ("reception", "礼貌接待", "Courteous reception", 0.2, "您对服务顾问的接待满意吗？", "How satisfied are you with how the service advisor received you?"),
            ("work_explanation", "维修项目说明", "Explanation of work", 0.15, "维修项目和费用是否解释清楚？", "How clearly were the work and its cost explained?"),
            ("waiting", "等待", "Waiting", 0.15, "您对等待时间和休息区满意吗？", "How satisfied are you with the waiting time and lounge?"),
            ("settlement_handover", "结算与交车", "Settlement and handover", 0.15, "您对结算和交车过程满意吗？", "How satisfied are you with the settlement and handover?"),
            ("repair_quality", "维修质量", "Repair quality", 0.25, "车辆是否一次修好？您对维修质量满意吗？", "Was the car fixed right the first time? How satisfied are you with the repair?"));
        return new(
            "car-csi",
            L("汽车经销商售后满意度（CSI，6 个环节）", "Car dealer after-sales satisfaction (CSI, 6 stages)"),
            L("售后服务的 6 个环节，1–10 分", "The six stages of an after-sales visit on 1–10"),
            system,
            new QuestionnaireDefinition
            {
                Title = L("售后服务体验调查", "Your service visit"),
                Pages =
                [
                    Page("售后服务", "Service visit", [.. questions, YesNoQ("come_back", "是否需要返修？", "Did the car have to come back for the same problem?", required: false)]),
                ],
            });
    }

    private static QuestionnaireTemplate Supplier()
    {
        var system = Tree(
            Node("supplier", null, "供应商满意度", "Supplier satisfaction"),
            Node("product", "supplier", "产品", "Product", 0.2),
            Node("quality", "supplier", "质量", "Quality", 0.3),
            Node("packaging", "supplier", "包装", "Packaging", 0.1),
            Node("delivery", "supplier", "交付", "Delivery", 0.25),
            Node("service", "supplier", "服务", "Service", 0.15));
        return new(
            "supplier-iatf16949",
            L("供应商满意度（ISO 9001 / IATF 16949）", "Supplier satisfaction (ISO 9001 / IATF 16949)"),
            L("客户对供应商的产品、质量、包装、交付、服务的评价（矩阵题，1–5 分）", "A customer's rating of product, quality, packaging, delivery and service (matrix, 1–5)"),
            system,
            new QuestionnaireDefinition
            {
                Title = L("供应商表现评价", "Supplier performance review"),
                Pages =
                [
                    Page("评价", "Ratings",
                        new Question
                        {
                            Code = "rating", Type = QuestionType.Matrix, Required = true, ScaleMin = 1, ScaleMax = 5, Options = Likert5,
                            Text = L("请对本供应商以下方面进行评价。", "Please rate this supplier on each aspect."),
                            Rows =
                            [
                                new("product", L("产品（技术性能、一致性）", "Product (performance, consistency)"), "product"),
                                new("quality", L("质量（不良率、问题处理、8D 报告）", "Quality (defect rate, problem solving, 8D reports)"), "quality"),
                                new("packaging", L("包装（防护、标识）", "Packaging (protection, labelling)"), "packaging"),
                                new("delivery", L("交付（准时率、数量准确）", "Delivery (on time, in full)"), "delivery"),
                                new("service", L("服务（响应、沟通、技术支持）", "Service (response, communication, technical support)"), "service"),
                            ],
                        },
                        YesNoQ("quality_issue", "过去一个季度是否发生过质量问题？", "Was there a quality problem in the last quarter?"),
                        TextQ("quality_issue_detail", "请简述问题及供应商的处理情况。", "Briefly describe the problem and how the supplier handled it.", IfYes("quality_issue")),
                        TextQ("improve", "您希望供应商改进什么？", "What should the supplier improve?")),
                ],
            });
    }

    private static QuestionnaireTemplate Power()
    {
        var (system, questions) = Flat("power", "供电服务满意度", "Power utility satisfaction", 10,
            ("reliability", "供电可靠性", "Supply reliability", 0.2, "您对供电的稳定性（停电次数和时长）满意吗？", "How satisfied are you with the reliability of supply (number and length of outages)?"),
            ("safety", "用电安全", "Safety", 0.15, "您对用电安全宣传和隐患处理满意吗？", "How satisfied are you with safety information and the handling of hazards?"),
            ("billing", "电费与缴费", "Billing and payment", 0.15, "您对电费账单的清晰准确和缴费便利满意吗？", "How satisfied are you with the clarity of bills and the ease of payment?"),
            ("information", "信息公开", "Information", 0.1, "您对停电通知和服务信息的及时性满意吗？", "How satisfied are you with outage notices and service information?"),
            ("business", "业务办理", "Business handling", 0.15, "您对报装、变更等业务办理的效率满意吗？", "How satisfied are you with how quickly connections and changes are handled?"),
            ("channels", "服务渠道", "Service channels", 0.1, "您对营业厅、95598 热线、网上国网等渠道满意吗？", "How satisfied are you with the service hall, the 95598 hotline and the online channels?"),
            ("attitude", "服务态度", "Service attitude", 0.15, "您对工作人员的服务态度满意吗？", "How satisfied are you with the attitude of our staff?"));
        return new(
            PowerUtility,
            L("供电服务满意度", "Power utility satisfaction"),
            L("供电可靠性、安全、电费缴费、信息、业务办理、服务渠道、服务态度七个方面，1–10 分，含投诉追问", "Reliability, safety, billing, information, business handling, channels and attitude on 1–10, with a complaint follow-up"),
            system,
            new QuestionnaireDefinition
            {
                Title = L("供电服务满意度调查", "Power supply satisfaction survey"),
                Introduction = L("请根据您过去一年的用电体验回答。", "Please answer about your experience over the last year."),
                Pages =
                [
                    Page("服务评价", "Service", [.. questions]),
                    Page("渠道与投诉", "Channels and complaints",
                        new Question
                        {
                            Code = "channels_used", Type = QuestionType.MultipleChoice,
                            Text = L("您过去一年使用过哪些服务渠道？（可多选）", "Which channels did you use in the last year? (choose any)"),
                            Options =
                            [
                                Option("hall", "营业厅", "Service hall"), Option("hotline", "95598 热线", "95598 hotline"),
                                Option("app", "网上国网 App", "Online app"), Option("wechat", "微信公众号", "WeChat"), Option("none", "都没有使用", "None"),
                            ],
                        },
                        YesNoQ("complained", "过去一年您是否投诉过？", "Did you complain in the last year?"),
                        ScaleQ("complaint_handling", "您对投诉处理结果满意吗？", "How satisfied are you with how your complaint was handled?", 1, 10, showIf: IfYes("complained")) with { Options = Ends10 },
                        new Question
                        {
                            Code = "overall", Type = QuestionType.Csat, Required = true, Options = Likert5,
                            Text = L("总体而言，您对供电服务满意吗？", "Overall, how satisfied are you with our power supply service?"),
                        },
                        TextQ("suggestion", "您对我们有什么建议？", "Any suggestions for us?")),
                ],
            });
    }

    private static QuestionnaireTemplate Employee()
    {
        var (system, questions) = Flat("employee", "员工满意度", "Employee satisfaction", 5,
            ("pay", "薪酬", "Pay", 0.2, "您对自己的薪酬满意吗？", "How satisfied are you with your pay?"),
            ("benefits", "福利", "Benefits", 0.15, "您对公司的福利满意吗？", "How satisfied are you with your benefits?"),
            ("promotion", "晋升", "Promotion", 0.15, "您对晋升机会满意吗？", "How satisfied are you with your chances of promotion?"),
            ("insurance", "保险", "Insurance", 0.15, "您对社会保险和商业保险满意吗？", "How satisfied are you with your insurance cover?"),
            ("training", "培训", "Training", 0.15, "您对培训与成长机会满意吗？", "How satisfied are you with training and development?"),
            ("enjoyment", "工作乐趣", "Enjoyment of work", 0.2, "您享受自己的工作吗？", "How much do you enjoy your work?"));
        return new(
            "employee-satisfaction",
            L("员工满意度", "Employee satisfaction"),
            L("薪酬、福利、晋升、保险、培训、工作乐趣，1–5 分，含离职倾向", "Pay, benefits, promotion, insurance, training and enjoyment of work on 1–5, with intention to stay"),
            system,
            new QuestionnaireDefinition
            {
                Title = L("员工满意度调查", "Employee satisfaction survey"),
                Introduction = L("本调查匿名进行。", "This survey is anonymous."),
                Pages =
                [
                    Page("满意度", "Satisfaction", [.. questions]),
                    Page("去留", "Staying",
                        YesNoQ("leaving", "您是否考虑在一年内离开公司？", "Are you thinking of leaving within a year?"),
                        new Question
                        {
                            Code = "leaving_reason", Type = QuestionType.SingleChoice, ShowIf = IfYes("leaving"),
                            Text = L("主要原因是什么？", "What is the main reason?"),
                            Options = [Option("pay", "薪酬", "Pay"), Option("career", "发展", "Career"), Option("manager", "上级", "Manager"), Option("other", "其他", "Other")],
                        },
                        TextQ("improve", "公司最应该改进什么？", "What should the company improve most?")),
                ],
            });
    }

    private static QuestionnaireTemplate LinguisticStudy()
    {
        // Seven linguistic terms (M1.4), lowest first: none, very low, low, medium, high, very high, perfect.
        IReadOnlyList<QuestionOption> terms =
        [
            Option("N", "无", "None"), Option("VL", "很低", "Very low"), Option("L", "低", "Low"), Option("M", "中", "Medium"),
            Option("H", "高", "High"), Option("VH", "很高", "Very high"), Option("P", "完美", "Perfect"),
        ];
        (string Code, string Zh, string En)[] attributes =
        [
            ("reliability", "服务可靠", "Reliable service"), ("responsiveness", "响应及时", "Prompt response"),
            ("price", "价格合理", "Fair price"), ("information", "信息透明", "Clear information"),
        ];
        var nodes = new List<IndicatorNodeDefinition> { Node("overall", null, "总体评价", "Overall") };
        nodes.AddRange(attributes.Select(a => Node(a.Code, "overall", a.Zh, a.En, 0.25)));
        return new(
            "linguistic-study",
            L("语言评价研究（感知 / 期望 / 重要性）", "Linguistic perception / expectation / importance study"),
            L("用七级语言术语（无、很低、低、中、高、很高、完美）评价每个属性的重要性、感知和期望", "Importance, perception and expectation of each attribute in seven terms (N, VL, L, M, H, VH, P)"),
            Tree([.. nodes]),
            new QuestionnaireDefinition
            {
                Title = L("服务属性评价", "Rating our service"),
                Introduction = L("每个属性请选择：它对您的重要程度、我们的实际表现、您期望的水平。", "For each attribute choose how important it is to you, how we perform, and what you expect."),
                Pages =
                [
                    new QuestionPage
                    {
                        Questions = [.. attributes.Select(a => new Question
                        {
                            Code = a.Code, Type = QuestionType.Triple, Indicator = a.Code, Required = true, Options = terms,
                            Text = L(a.Zh, a.En),
                        })],
                    },
                ],
            });
    }
}
