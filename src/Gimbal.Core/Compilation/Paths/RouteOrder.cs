using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Paths;

/// <summary>
/// Match order within a virtual host, as Contour orders Envoy routes: exact paths first, then
/// regular expressions, then prefixes; longer paths before shorter ones; more header conditions
/// first; then the path text and the claiming Ingress, so the order never depends on input order.
/// </summary>
internal sealed class RouteOrder : IComparer<(Route Route, int Rank)>
{
    public static RouteOrder Instance { get; } = new();

    public int Compare((Route Route, int Rank) x, (Route Route, int Rank) y)
    {
        var a = x.Route.Match;
        var b = y.Route.Match;
        var c = KindOrder(a.PathKind).CompareTo(KindOrder(b.PathKind));
        if (c == 0) c = b.Path.Length.CompareTo(a.Path.Length);
        if (c == 0) c = b.Headers.Count.CompareTo(a.Headers.Count);
        if (c == 0) c = string.CompareOrdinal(a.Path, b.Path);
        if (c == 0) c = x.Rank.CompareTo(y.Rank);
        return c;
    }

    private static int KindOrder(PathMatchKind kind) => kind switch
    {
        PathMatchKind.Exact => 0,
        PathMatchKind.Regex => 1,
        _ => 2,
    };
}
