namespace Manyi.Web.Features.Value;

/// <summary>The customers a portfolio view covers: the caller's units (a unit's subtree when given) and, when given, one segment.</summary>
public sealed record PortfolioScope(Guid? UnitId, string? Segment);

/// <summary>A customer in scope as the portfolio views need it (<see cref="PortfolioCustomers"/>).</summary>
public sealed record PortfolioCustomer(Guid Id, string Code, string Name, string? Segment, decimal? Value, Guid UnitId);

/// <summary>
/// The customers of a <see cref="PortfolioScope"/> read once (<see cref="PortfolioQueries.ReadScopeAsync"/>): their ids limit the figures,
/// <see cref="ById"/> names and groups them; <see cref="Whole"/> = the whole organisation (no customer filter needed). It holds no query,
/// so any context can use it.
/// </summary>
public sealed record PortfolioCustomers(Guid OrganisationId, bool Whole, IReadOnlyDictionary<Guid, PortfolioCustomer> ById);

/// <summary>One tier of the pyramid, top first: customers, total value K, share of all value, the smallest K in the tier, and the mean
/// 0–100 overall satisfaction of the <see cref="Rated"/> customers of the tier who answered.</summary>
public sealed record PyramidTierDto(string Name, double Share, int Customers, decimal Value, double ValueShare, decimal? LowestValue, int Rated,
    double? MeanSatisfaction);

/// <summary>A customer of the top tier with its value K and latest overall satisfaction (0–100, null when it never answered).</summary>
public sealed record PyramidCustomerDto(Guid Id, string Code, string Name, string? Segment, decimal Value, double? Satisfaction);

/// <summary>
/// The customer pyramid: tiers from the top (<see cref="Tiers"/>), the customers ranked (<see cref="Valued"/>), those in scope without a
/// value K (<see cref="NotValued"/>), the total K, and the top tier's customers by value.
/// </summary>
public sealed record PyramidDto(
    int Customers,
    int Valued,
    int NotValued,
    decimal TotalValue,
    Guid? QuestionnaireId,
    IReadOnlyList<PyramidTierDto> Tiers,
    IReadOnlyList<PyramidCustomerDto> TopCustomers);

/// <summary>A point of a concentration curve: after the <see cref="Rank"/> highest customers (share of all customers), the cumulative
/// amount and its share of the total.</summary>
public sealed record CurvePointDto(int Rank, double CustomerShare, double Cumulative, double CumulativeShare);

/// <summary>A customer and its summed amount over the period (the least profitable list of the whale curve).</summary>
public sealed record CurveCustomerDto(Guid Id, string Code, string Name, string? Segment, double Amount);

/// <summary>
/// The 80/20 curve (measure sales) or whale curve (measure profit) over [<see cref="From"/>, <see cref="To"/>]: the customers with a
/// figure, the total, the share of the top 20 % of customers, the peak of the cumulative share and the share of customers where it is
/// reached, the unprofitable customers (negative sum) and what they lose, ≤ 200 points for the chart, and the 10 lowest customers.
/// <see cref="Points"/> is empty and the figures null when there is nothing to draw (<see cref="Note"/> says why).
/// </summary>
public sealed record ConcentrationDto(
    string Measure,
    DateOnly? From,
    DateOnly? To,
    int Customers,
    double? Total,
    double? TopFifthShare,
    double? PeakShare,
    double? PeakCustomerShare,
    int? PeakRank,
    int Unprofitable,
    double UnprofitableAmount,
    IReadOnlyList<CurvePointDto> Points,
    IReadOnlyList<CurveCustomerDto> Lowest,
    string? Note);

/// <summary>Churn and retention of one period: active, active in the previous period (<see cref="AtStart"/>), retained, lost, won,
/// churn = lost / at start and retention = retained / at start (null when nobody was active before).</summary>
public sealed record RetentionRowDto(string Period, DateOnly Start, DateOnly End, int Active, int AtStart, int Retained, int Lost, int Won,
    double? ChurnRate, double? RetentionRate);

/// <summary>The periods of one group (a segment or a unit) of customers.</summary>
public sealed record RetentionGroupDto(string Key, string Name, int Customers, IReadOnlyList<RetentionRowDto> Periods);

/// <summary>
/// Churn and retention per period (<see cref="Grain"/> month or quarter) overall and per segment or unit (<see cref="By"/>), over the
/// customers with an activity figure (sales, repeat purchases) or a churn event in [<see cref="From"/>, <see cref="To"/>].
/// </summary>
public sealed record RetentionDto(
    string Grain,
    string By,
    DateOnly? From,
    DateOnly? To,
    int Customers,
    IReadOnlyList<RetentionRowDto> Overall,
    IReadOnlyList<RetentionGroupDto> Groups);
