using System.Net;

namespace Gimbal.Yarp.FastLane.Loop;

/// <summary>Idle keep-alive connections of one event loop, by destination; newest first, as SocketsHttpHandler reuses them.</summary>
internal sealed class UpstreamPool
{
    /// <summary>Idle connections kept per destination and loop; more are closed.</summary>
    public const int MaxIdlePerDestination = 512;

    private readonly Dictionary<IPEndPoint, List<UpstreamConnection>> _idle = [];

    public UpstreamConnection? Take(IPEndPoint destination)
    {
        if (!_idle.TryGetValue(destination, out var list) || list.Count == 0)
        {
            return null;
        }

        var connection = list[^1];
        list.RemoveAt(list.Count - 1);
        return connection;
    }

    /// <summary>False when the destination already has enough idle connections: the caller closes this one.</summary>
    public bool Return(UpstreamConnection connection)
    {
        if (!_idle.TryGetValue(connection.Address.EndPoint, out var list))
        {
            _idle[connection.Address.EndPoint] = list = [];
        }

        if (list.Count >= MaxIdlePerDestination)
        {
            return false;
        }

        list.Add(connection);
        return true;
    }

    public void Remove(UpstreamConnection connection)
    {
        if (_idle.TryGetValue(connection.Address.EndPoint, out var list))
        {
            list.Remove(connection);
        }
    }
}
