using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Improvement;

namespace Manyi.Web.Pages.Analysis;

/// <summary>The model of <c>_TrapBlock</c>: the trap of a comparison (null = not computable), its finding when raised, and whether
/// the caller may create an improvement action from it.</summary>
public sealed record TrapBlock(Guid WaveId, TrapDto? Trap, Finding? Finding, bool CanCreateAction);
