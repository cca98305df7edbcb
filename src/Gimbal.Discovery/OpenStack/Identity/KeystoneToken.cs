namespace Gimbal.Discovery.OpenStack.Identity;

/// <summary>
/// A Keystone token: its ID (from the X-Subject-Token header, never in the body), when it was issued and
/// expires, its project scope and its service catalog.
/// </summary>
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

    public bool NeedsRenewal(DateTimeOffset now) => now >= ExpiresAt - RenewalMargin;
}

/// <summary>The project a token is scoped to.</summary>
public sealed record ProjectScope(string Id, string Name);
