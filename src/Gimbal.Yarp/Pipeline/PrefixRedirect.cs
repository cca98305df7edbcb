using Gimbal.Core.Routing;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// The path of a prefix-replacing redirect (Envoy's redirect.prefix_rewrite): the characters the
/// route's prefix matched are swapped for the new prefix; the rest of the path and the query stay.
/// </summary>
internal static class PrefixRedirect
{
    /// <summary>Path and query for the Location, or null when the redirect does not replace a prefix.</summary>
    public static string? Path(RedirectAction redirect, RouteMatch match, HttpRequest request)
    {
        if (redirect.PrefixRewrite is not { } prefix || match.PathKind != PathMatchKind.Prefix)
        {
            return null;
        }

        var path = request.Path.Value ?? "/";
        var matched = match.Path.Length > 1 ? match.Path.TrimEnd('/') : match.Path;
        return prefix + path[Math.Min(matched.Length, path.Length)..] + request.QueryString.Value;
    }
}
