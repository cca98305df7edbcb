using Gimbal.Yarp.Translation;

namespace Gimbal.Yarp.FastLane.Routing;

/// <summary>
/// The fast lane's current route table, swapped by <see cref="GimbalYarpDataPlane"/> together with
/// YARP's routes. Built only once a fast-lane listener exists, so hosts without one pay nothing.
/// </summary>
public sealed class FastLaneRoutes
{
    private readonly Lock _gate = new();
    private IReadOnlyList<RouteDescriptor> _descriptors = [];
    private bool _inUse;
    private volatile FastLaneTable _table = FastLaneTable.Empty;

    /// <summary>Read by the event loops on every request.</summary>
    internal FastLaneTable Table => _table;

    /// <summary>Takes the descriptors of a newly applied route table.</summary>
    /// <param name="descriptors">Every route, as translated for YARP.</param>
    public void Update(IReadOnlyList<RouteDescriptor> descriptors)
    {
        lock (_gate)
        {
            _descriptors = descriptors;
            if (_inUse)
            {
                _table = FastLaneTable.Build(descriptors);
            }
        }
    }

    /// <summary>Called when a fast-lane listener binds.</summary>
    internal void Use()
    {
        lock (_gate)
        {
            if (!_inUse)
            {
                _inUse = true;
                _table = FastLaneTable.Build(_descriptors);
            }
        }
    }
}
