namespace Gimbal.Core.Compilation.Proxies;

/// <summary>A root HTTPProxy asking to own the host in spec.virtualhost.fqdn.</summary>
internal sealed record ProxyHostClaim(string Host, ProxyEntry Entry, string Field);
