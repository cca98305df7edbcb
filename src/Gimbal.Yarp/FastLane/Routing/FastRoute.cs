using System.Text;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Matching;

namespace Gimbal.Yarp.FastLane.Routing;

/// <summary>
/// A Gimbal route as the fast lane sees it: its compiled match, and whether a plain forward serves it
/// exactly as the full pipeline would. Routes that retry, time out, mirror, rewrite, redirect or edit
/// headers are <see cref="Forwardable"/> false: their requests are handed to Kestrel and YARP.
/// </summary>
internal sealed class FastRoute
{
    private readonly byte[]? _pathBytes;
    private readonly PathMatchKind _kind;

    public FastRoute(CompiledRoute compiled)
    {
        Compiled = compiled;
        var descriptor = compiled.Descriptor;
        var route = descriptor.Route;
        _kind = route.Match.PathKind;
        var path = _kind == PathMatchKind.Prefix && route.Match.Path.Length > 1 ? route.Match.Path.TrimEnd('/') : route.Match.Path;
        _pathBytes = Ascii.IsValid(path) ? Encoding.ASCII.GetBytes(path) : null;
        HasHeaderMatches = !route.Match.Headers.IsEmpty;
        Forwardable = compiled.IsValid && IsPlainForward(descriptor.Route, descriptor.HostHasTls) && descriptor.ClusterId is not null;
        Tags = new RouteTags(compiled.Name, descriptor.ClusterId ?? string.Empty);
    }

    public CompiledRoute Compiled { get; }

    public bool HasHeaderMatches { get; }

    public bool Forwardable { get; }

    public RouteTags Tags { get; }

    public string ClusterId => Compiled.Descriptor.ClusterId!;

    /// <summary>Whether a plain path (no percent-encoding, no dot segments: Kestrel leaves it as it is) matches.</summary>
    public bool MatchesPath(ReadOnlySpan<byte> path)
    {
        if (!Compiled.IsValid)
        {
            return false;
        }

        switch (_kind)
        {
            case PathMatchKind.Exact:
                return _pathBytes is not null && path.SequenceEqual(_pathBytes);
            case PathMatchKind.Prefix:
                if (_pathBytes is null)
                {
                    return false;
                }

                return (_pathBytes.Length == 1 && _pathBytes[0] == (byte)'/')
                    || (path.StartsWith(_pathBytes) && (path.Length == _pathBytes.Length || path[_pathBytes.Length] == (byte)'/'));
            default:
                return Compiled.MatchesPath(Encoding.ASCII.GetString(path));
        }
    }

    private static bool IsPlainForward(Route route, bool hostHasTls)
    {
        if (route.Action.Forward is not { } forward || (hostHasTls && route.Insecure == InsecurePolicy.RedirectToHttps))
        {
            return false;
        }

        return forward.Retry is null
            && forward.Timeouts is null or { Request: null, Idle: null }
            && forward.Mirrors.IsEmpty
            && forward.PrefixRewrite is null
            && forward.RequestHeaders is null
            && forward.ResponseHeaders is null
            && forward.Clusters.All(c => c.RequestHeaders is null && c.ResponseHeaders is null);
    }
}

/// <summary>The route and cluster tags of the request metrics, made once per config.</summary>
internal sealed record RouteTags(string Route, string Cluster);
