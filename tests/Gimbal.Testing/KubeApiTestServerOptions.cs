using System.Security.Cryptography.X509Certificates;
using Gimbal.Testing.Resources;

namespace Gimbal.Testing;

/// <summary>How a <see cref="KubeApiTestServer"/> listens, authenticates and remembers.</summary>
public sealed class KubeApiTestServerOptions
{
    /// <summary>Serve HTTPS (HTTP/1.1 and HTTP/2 by ALPN) with this certificate; plain HTTP/1.1 when null.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>Accept client certificates issued by this CA as authentication (requires <see cref="ServerCertificate"/>).</summary>
    public X509Certificate2? ClientCertificateAuthority { get; set; }

    /// <summary>Bearer tokens that authenticate. When any authentication is configured, anonymous requests get 401.</summary>
    public IReadOnlyCollection<string> BearerTokens { get; set; } = [];

    /// <summary>Changes kept per resource type for watch resumption (the real watch cache keeps at least 100).</summary>
    public int HistoryLimit { get; set; } = 1000;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK (the real server: about 60 s).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Namespaces created at start.</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = ["default", "kube-public", "kube-system"];

    /// <summary>Custom resources served next to the built-in ones.</summary>
    public IList<ApiResource> CustomResources { get; } = [];

    /// <summary>How long a list at a resourceVersion ahead of the server waits before answering 504 (the real server: about 3 s).</summary>
    public TimeSpan TooLargeResourceVersionWait { get; set; } = TimeSpan.FromSeconds(3);

    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
