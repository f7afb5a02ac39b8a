namespace Manyi.Core.Surveys.Templates;

/// <summary>The index questionnaires: ACSI/CCSI and SERVQUAL 22.</summary>
public static partial class QuestionnaireTemplates
{
    private static QuestionnaireTemplate Acsi()
    {
        var system = Tree(
            Node("csi", null, "顾客满意度指数", "Customer satisfaction index"),
            Node("expectation", "csi", "顾客预期", "Customer expectations", 0.15),
            Node("expect_overall", "expectation", "总体质量预期", "Expected overall quality", 0.5),
            Node("expect_reliability", "expectation", "可靠性预期", "Expected reliability", 0.5),
            Node("quality", "csi", "感知质量", "Perceived quality", 0.2),
            Node("quality_overall", "quality", "总体感知质量", "Overall perceived quality", 0.4),
            Node("quality_customisation", "quality", "满足个性化需求", "Meeting personal needs", 0.3),
            Node("quality_reliability", "quality", "可靠性", "Reliability", 0.3),
            Node("value", "csi", "感知价值", "Perceived value", 0.15),
            Node("value_price", "value", "给定价格下的质量", "Quality given the price", 0.5),
            Node("value_quality", "value", "给定质量下的价格", "Price given the quality", 0.5),
            Node("satisfaction", "csi", "顾客满意度", "Customer satisfaction", 0.25),
            Node("sat_overall", "satisfaction", "总体满意度", "Overall satisfaction", 0.4),
            Node("sat_expectation", "satisfaction", "与预期相比", "Compared with expectations", 0.3),
            Node("sat_ideal", "satisfaction", "与理想相比", "Compared with the ideal", 0.3),
            Node("complaints", "csi", "顾客抱怨", "Customer complaints", 0.1),
            Node("complaint_handling", "complaints", "投诉处理", "Complaint handling", 1),
            Node("loyalty", "csi", "顾客忠诚", "Customer loyalty", 0.15),
            Node("loyal_repurchase", "loyalty", "再次购买意愿", "Likelihood to buy again", 0.5),
            Node("loyal_price", "loyalty", "价格容忍度", "Price tolerance", 0.5));
        return new(
            "acsi",
            L("顾客满意度指数（ACSI / CCSI）", "Customer satisfaction index (ACSI / CCSI)"),
            L("预期、感知质量、感知价值、满意度、抱怨、忠诚六个潜变量，1–10 分", "Expectations, perceived quality, value, satisfaction, complaints and loyalty on 1–10 scales"),
            system,
            new QuestionnaireDefinition
            {
                Title = L("顾客满意度调查", "Customer satisfaction survey"),
                Introduction = L("请根据您最近一年的体验回答，1 分表示最低，10 分表示最高。", "Please answer about the last twelve months; 1 is the lowest and 10 the highest."),
                Pages =
                [
                    Page("预期", "Expectations",
                        Ten("expect_overall", "在成为我们的客户之前，您对我们总体质量的预期如何？", "Before you became our customer, what did you expect of our overall quality?"),
                        Ten("expect_reliability", "您曾预期我们的服务出错的情况会有多少？（10 = 从不出错）", "How often did you expect things to go wrong? (10 = never)")),
                    Page("感知质量与价值", "Quality and value",
                        Ten("quality_overall", "您如何评价我们的总体质量？", "How do you rate our overall quality?"),
                        Ten("quality_customisation", "我们满足您个人需求的程度如何？", "How well do we meet your personal needs?"),
                        Ten("quality_reliability", "我们的服务出错的情况多吗？（10 = 从不出错）", "How often have things gone wrong? (10 = never)"),
                        Ten("value_price", "考虑到您支付的价格，您如何评价我们的质量？", "Given the price you pay, how do you rate our quality?"),
                        Ten("value_quality", "考虑到我们的质量，您如何评价价格？", "Given our quality, how do you rate the price?")),
                    Page("满意度", "Satisfaction",
                        Ten("sat_overall", "总体而言，您对我们满意吗？", "Overall, how satisfied are you with us?"),
                        Ten("sat_expectation", "与您的预期相比，我们做得如何？", "How well did we meet your expectations?"),
                        Ten("sat_ideal", "与您心目中理想的服务相比，我们做得如何？", "How close are we to the ideal service?")),
                    Page("抱怨与忠诚", "Complaints and loyalty",
                        YesNoQ("complained", "过去一年中，您是否向我们正式投诉过？", "Have you formally complained to us in the last twelve months?"),
                        ScaleQ("complaint_handling", "您对投诉的处理结果满意吗？", "How satisfied are you with how your complaint was handled?", 1, 10, "complaint_handling", showIf: IfYes("complained")) with { Options = Ends10 },
                        Ten("loyal_repurchase", "您再次选择我们的可能性有多大？", "How likely are you to choose us again?"),
                        Ten("loyal_price", "如果价格上涨，您仍然选择我们的可能性有多大？", "If prices went up, how likely would you still choose us?")),
                ],
            });
    }

    /// <summary>A 1–10 question bound to the indicator of the same code.</summary>
    private static Question Ten(string code, string zh, string en) => ScaleQ(code, zh, en, 1, 10, code) with { Options = Ends10 };

    private static QuestionnaireTemplate Servqual22()
    {
        // Parasuraman, Zeithaml & Berry (1988), SERVQUAL: A multiple-item scale…, Journal of Retailing 64(1): the 22 items,
        // positively worded (as in the 1991 refinement), each asked as expectation and perception on 1–7.
        (string Code, string Dimension, string Zh, string En)[] items =
        [
            ("t1", "tangibles", "拥有现代化的服务设施", "has up-to-date equipment"),
            ("t2", "tangibles", "服务设施具有吸引力", "has visually appealing physical facilities"),
            ("t3", "tangibles", "员工着装整洁", "has employees who are well dressed and neat in appearance"),
            ("t4", "tangibles", "设施与所提供的服务相匹配", "has physical facilities in keeping with the services provided"),
            ("r5", "reliability", "承诺在某时间内完成的事情都能按时做到", "does what it promises to do by a certain time"),
            ("r6", "reliability", "顾客遇到困难时表现出关心并提供帮助", "is sympathetic and reassuring when you have problems"),
            ("r7", "reliability", "值得信赖", "is dependable"),
            ("r8", "reliability", "在承诺的时间提供服务", "provides its services at the time it promises to do so"),
            ("r9", "reliability", "准确地保存记录", "keeps its records accurately"),
            ("s10", "responsiveness", "告诉顾客提供服务的准确时间", "tells customers exactly when services will be performed"),
            ("s11", "responsiveness", "员工提供及时的服务", "has employees who give prompt service"),
            ("s12", "responsiveness", "员工总是愿意帮助顾客", "has employees who are always willing to help customers"),
            ("s13", "responsiveness", "员工不会因为太忙而无法及时回应顾客", "has employees who are never too busy to respond to requests promptly"),
            ("a14", "assurance", "员工值得信任", "has employees you can trust"),
            ("a15", "assurance", "在与员工交往时顾客感到放心", "makes you feel safe in your transactions with its employees"),
            ("a16", "assurance", "员工有礼貌", "has polite employees"),
            ("a17", "assurance", "员工得到公司的充分支持以做好工作", "gives its employees adequate support to do their jobs well"),
            ("e18", "empathy", "针对顾客提供个别的关怀", "gives you individual attention"),
            ("e19", "empathy", "员工给予顾客个性化的关注", "has employees who give you personal attention"),
            ("e20", "empathy", "员工了解顾客的需求", "has employees who know what your needs are"),
            ("e21", "empathy", "把顾客的利益放在心上", "has your best interests at heart"),
            ("e22", "empathy", "营业时间方便所有顾客", "has operating hours convenient to all its customers"),
        ];
        (string Code, string Zh, string En)[] dimensions =
        [
            ("tangibles", "有形性", "Tangibles"), ("reliability", "可靠性", "Reliability"), ("responsiveness", "响应性", "Responsiveness"),
            ("assurance", "保证性", "Assurance"), ("empathy", "移情性", "Empathy"),
        ];
        var nodes = new List<IndicatorNodeDefinition> { Node("servqual", null, "服务质量", "Service quality") };
        foreach (var d in dimensions)
        {
            nodes.Add(Node(d.Code, "servqual", d.Zh, d.En, 0.2));
            var members = items.Where(i => i.Dimension == d.Code).ToList();
            nodes.AddRange(members.Select(i => Node(i.Code, d.Code, i.Zh, "The company " + i.En, 1.0 / members.Count)));
        }
        return new(
            "servqual-22",
            L("SERVQUAL 服务质量（22 项）", "SERVQUAL (22 items)"),
            L("Parasuraman、Zeithaml 与 Berry（1988）的 22 个题项，期望与感知各 1–7 分，五个维度", "The 22 items of Parasuraman, Zeithaml & Berry (1988), expectation and perception on 1–7, five dimensions"),
            Tree([.. nodes]),
            new QuestionnaireDefinition
            {
                Title = L("服务质量调查（SERVQUAL）", "Service quality survey (SERVQUAL)"),
                Introduction = L(
                    "每一项请给出两个分数：您对优秀企业的期望，以及您对我们的实际感受。1 = 非常不同意，7 = 非常同意。",
                    "Give two scores for each statement: what you expect of an excellent company, and what you perceive of us. 1 = strongly disagree, 7 = strongly agree."),
                Pages = [.. dimensions.Select(d => new QuestionPage
                {
                    Title = L(d.Zh, d.En),
                    Questions = [.. items.Where(i => i.Dimension == d.Code).Select(i => new Question
                    {
                        Code = i.Code, Type = QuestionType.Servqual, Dimension = i.Dimension, Indicator = i.Code, Required = true,
                        Text = L("该公司" + i.Zh, "The company " + i.En),
                    })],
                })],
            });
    }
}
