namespace Gimbal.Discovery.OpenStack.Identity;

/// <summary>One endpoint of a catalog service: its interface (public/internal/admin), region and URL.</summary>
/// <param name="Interface">"public", "internal" or "admin".</param>
/// <param name="Region">The older region name field; may be null.</param>
/// <param name="RegionId">The region ID; may be null.</param>
/// <param name="Url">The endpoint's base URL.</param>
public sealed record CatalogEndpoint(string Interface, string? Region, string? RegionId, string Url);

/// <summary>One catalog entry: a service type (identity, load-balancer, network, …) and its endpoints.</summary>
/// <param name="Type">The service type, e.g. "load-balancer".</param>
/// <param name="Name">The service name, e.g. "octavia"; may be null.</param>
/// <param name="Endpoints">Where the service is reached.</param>
public sealed record CatalogService(string Type, string? Name, IReadOnlyList<CatalogEndpoint> Endpoints);

/// <summary>The service catalog of a Keystone token: where each service type is reached.</summary>
/// <param name="Services">The catalog entries.</param>
public sealed record ServiceCatalog(IReadOnlyList<CatalogService> Services)
{
    /// <summary>A catalog with no services.</summary>
    public static ServiceCatalog Empty { get; } = new([]);

    /// <summary>
    /// The URL of <paramref name="serviceType"/> for <paramref name="endpointInterface"/>, in <paramref name="region"/>
    /// when given (matched against region_id, then the older region field). Null when the catalog has none.
    /// </summary>
    public Uri? FindEndpoint(string serviceType, string endpointInterface, string? region)
    {
        foreach (var service in Services)
        {
            if (!string.Equals(service.Type, serviceType, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var endpoint in service.Endpoints)
            {
                if (!string.Equals(endpoint.Interface, endpointInterface, StringComparison.Ordinal))
                {
                    continue;
                }

                if (region is { Length: > 0 } && !string.Equals(endpoint.RegionId ?? endpoint.Region, region, StringComparison.Ordinal)
                    && !string.Equals(endpoint.Region, region, StringComparison.Ordinal))
                {
                    continue;
                }

                if (Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url))
                {
                    return url;
                }
            }
        }

        return null;
    }
}
