namespace Manyi.Web.Features.Analysis;

/// <summary>The keys of <c>AnalysisNotesResource.resx</c> (English) and <c>.zh-CN.resx</c>, one per kind of <see cref="AnalysisNote"/>.</summary>
public static class AnalysisNoteKeys
{
    /// <summary>{0}</summary>
    public const string Text = "Text";

    /// <summary>The indicator system is not a valid tree, so there is no index: {0}</summary>
    public const string IndexNotATree = "Index.NotATree";

    /// <summary>Cell '{0}' is bound to '{1}', which is not a base indicator of the indicator system; it is left out of the index.</summary>
    public const string IndexCellNotBase = "Index.CellNotBase";

    /// <summary>The questionnaire has no NPS, CSAT or CES question.</summary>
    public const string OverviewNoMeasures = "Overview.NoMeasures";

    /// <summary>{0}: {1}</summary>
    public const string RatiosItemError = "Ratios.ItemError";

    /// <summary>The questionnaire has no indicator with both a perception and an expectation cell (triple or SERVQUAL item).</summary>
    public const string RatiosNoExpectation = "Ratios.NoExpectation";

    /// <summary>The questionnaire has no triple (importance, perception, expectation) answered in linguistic terms.</summary>
    public const string LinguisticNoTriple = "Linguistic.NoTriple";

    /// <summary>Triples with a different term set than the first one are left out: {0}</summary>
    public const string LinguisticOtherTermSet = "Linguistic.OtherTermSet";

    /// <summary>{0}: fewer than {1} answers, left out (insufficient data).</summary>
    public const string LinguisticTooFewAnswers = "Linguistic.TooFewAnswers";

    /// <summary>The questionnaire has no Kano question.</summary>
    public const string KanoNoQuestion = "Kano.NoQuestion";

    /// <summary>The questionnaire has no SERVQUAL item.</summary>
    public const string ServqualNoItem = "Servqual.NoItem";

    /// <summary>The questionnaire has no overall-satisfaction question (CSAT, NPS or a scale coded overall), so there are no drivers.</summary>
    public const string DriversNoOutcome = "Drivers.NoOutcome";

    /// <summary>The questionnaire rates no attributes, so there are no drivers.</summary>
    public const string DriversNoAttributes = "Drivers.NoAttributes";

    /// <summary>Key drivers cannot be computed: {0}</summary>
    public const string DriversNotComputable = "Drivers.NotComputable";

    /// <summary>Fewer than {0} complete answers: the weights are suppressed.</summary>
    public const string DriversSuppressed = "Drivers.Suppressed";

    /// <summary>'{0}' has fewer than {1} answers and is left out.</summary>
    public const string IpaTooFewAnswers = "Ipa.TooFewAnswers";

    /// <summary>Fewer than {0} complete answers: suppressed.</summary>
    public const string IpaSuppressed = "Ipa.Suppressed";

    /// <summary>The questionnaire rates nothing, so there is no value-weighted view.</summary>
    public const string ValueNothingRated = "Value.NothingRated";

    /// <summary>Fewer than {0} responding customers have a customer value K: suppressed.</summary>
    public const string ValueSuppressed = "Value.Suppressed";

    /// <summary>There is no earlier wave of this questionnaire to look for a satisfaction trap.</summary>
    public const string TrapNoEarlierWave = "Trap.NoEarlierWave";

    /// <summary>The satisfaction trap needs an overall-satisfaction question.</summary>
    public const string TrapNoOutcome = "Trap.NoOutcome";

    /// <summary>The satisfaction trap needs at least {0} valued customers with an overall score in each wave.</summary>
    public const string TrapTooFewCustomers = "Trap.TooFewCustomers";

    /// <summary>There is no earlier wave of this questionnaire to compare with.</summary>
    public const string CompareNoEarlierWave = "Compare.NoEarlierWave";

    /// <summary>'{0}' is not compared: {1}</summary>
    public const string CompareNotCompared = "Compare.NotCompared";

    /// <summary>The index change is shown without a significance test (Manyi.Analytics has no test of a weighted index).</summary>
    public const string CompareIndexUntested = "Compare.IndexUntested";

    /// <summary>The questionnaire has no CSAT or NPS question.</summary>
    public const string TrendsNoOutcome = "Trends.NoOutcome";

    /// <summary>Index points have no band: Manyi.Analytics gives no interval of a weighted index.</summary>
    public const string TrendsIndexNoBand = "Trends.IndexNoBand";

    /// <summary>The questionnaire has no indicator system, so the {0} model does not apply.</summary>
    public const string PlsNoSystem = "Pls.NoSystem";

    /// <summary>No construct of the indicator system is coded '{0}': {1} is left out.</summary>
    public const string PlsNoConstruct = "Pls.NoConstruct";

    /// <summary>No rated question is bound below '{0}': {1} is left out.</summary>
    public const string PlsNoRatedQuestion = "Pls.NoRatedQuestion";

    /// <summary>The {0} model does not apply: it needs a satisfaction construct and at least one of its paths among the constructs found.</summary>
    public const string PlsNoPath = "Pls.NoPath";

    /// <summary>The {0} model cannot be estimated on these answers: {1}</summary>
    public const string PlsNotEstimable = "Pls.NotEstimable";

    /// <summary>Fewer than {0} rows: suppressed.</summary>
    public const string PlsSuppressed = "Pls.Suppressed";
}
