namespace Gimbal.Discovery.OpenStack.Identity;

/// <summary>
/// A Keystone token: its ID (from the X-Subject-Token header, never in the body), when it was issued and
/// expires, its project scope and its service catalog.
/// </summary>
/// <param name="Id">The token, sent as X-Auth-Token.</param>
/// <param name="IssuedAt">When Keystone issued it.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
/// <param name="Project">The project it is scoped to; null for an unscoped token.</param>
/// <param name="Catalog">The services and endpoints the token may call.</param>
public sealed record KeystoneToken(string Id, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, ProjectScope? Project, ServiceCatalog Catalog)
{
    /// <summary>Renew this long before expiry: a quarter of the lifetime, at most 5 minutes.</summary>
    public TimeSpan RenewalMargin
    {
        get
        {
            var quarter = (ExpiresAt - IssuedAt) / 4;
            var limit = TimeSpan.FromMinutes(5);
            return quarter < TimeSpan.Zero ? TimeSpan.Zero : quarter > limit ? limit : quarter;
        }
    }

    /// <summary>True from <see cref="RenewalMargin"/> before expiry on.</summary>
    /// <param name="now">The current time.</param>
    public bool NeedsRenewal(DateTimeOffset now) => now >= ExpiresAt - RenewalMargin;
}

/// <summary>The project a token is scoped to.</summary>
/// <param name="Id">The project's ID.</param>
/// <param name="Name">The project's name.</param>
public sealed record ProjectScope(string Id, string Name);
