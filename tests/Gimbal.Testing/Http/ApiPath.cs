using Gimbal.Testing.Resources;

namespace Gimbal.Testing.Http;

/// <summary>A resource request's path, parsed: /api/v1/... or /apis/&lt;group&gt;/&lt;version&gt;/... .</summary>
internal sealed record ApiPath(ApiResource Resource, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Null when the path is not a resource path; throws NotFound for unknown resource types.</summary>
    public static ApiPath? Parse(ResourceCatalog catalog, string[] segments)
    {
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api" && segments[1] == "v1")
        {
            (group, version, rest) = (string.Empty, "v1", 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var parts = segments[rest..];
        if (parts.Length >= 3 && parts[0] == "namespaces" && catalog.Find(group, version, parts[2]) is { Namespaced: true } namespaced)
        {
            if (parts.Length > 5)
            {
                throw StatusBodies.UnknownPath();
            }

            return new ApiPath(namespaced, parts[1], parts.Length > 3 ? parts[3] : null, parts.Length > 4 ? parts[4] : null);
        }

        var resource = catalog.Find(group, version, parts[0]) ?? throw StatusBodies.UnknownPath();
        if (parts.Length > 3 || (resource.Namespaced && parts.Length > 1))
        {
            throw StatusBodies.UnknownPath();
        }

        return new ApiPath(resource, null, parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : null);
    }
}
