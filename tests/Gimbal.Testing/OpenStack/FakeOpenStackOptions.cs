using System.Security.Cryptography.X509Certificates;

namespace Gimbal.Testing.OpenStack;

/// <summary>How a <see cref="FakeOpenStackServer"/> presents its catalog, tokens and lists.</summary>
public sealed class FakeOpenStackOptions
{
    /// <summary>Put Octavia ("load-balancer") in the token catalog.</summary>
    public bool OfferOctavia { get; set; } = true;

    /// <summary>Put Neutron ("network", serving LBaaS v2) in the token catalog.</summary>
    public bool OfferNeutron { get; set; } = true;

    /// <summary>The regions the catalog lists endpoints for; each region's endpoints live under their own path prefix.</summary>
    public IReadOnlyList<string> Regions { get; set; } = ["RegionOne"];

    /// <summary>How long issued tokens live (by <see cref="Clock"/>).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Page size when a list request gives no limit; null for one page.</summary>
    public int? PageSize { get; set; }

    /// <summary>Answer GET /v3/projects with 403, as Keystone does for users without a cloud-wide reader role.</summary>
    public bool ForbidProjectList { get; set; }

    /// <summary>Serve HTTPS with this certificate; plain HTTP when null.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
