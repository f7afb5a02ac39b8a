using System.Security.Claims;
using Manyi.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Users;

/// <summary>Adds the organisation, role and actor name claims to a signed-in user's principal.</summary>
internal sealed class ManyiClaimsFactory(UserManager<ManyiUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ManyiUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ManyiUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ManyiClaims.Organisation, user.OrganisationId.ToString()));
        identity.AddClaim(new Claim(ManyiClaims.Role, user.Role));
        identity.AddClaim(new Claim(ManyiClaims.ActorName, user.UserName ?? user.Id.ToString()));
        return identity;
    }
}
