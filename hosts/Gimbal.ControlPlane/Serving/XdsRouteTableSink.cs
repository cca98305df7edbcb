using Gimbal.Core.Compilation;
using Gimbal.Hosting.Routing;
using Gimbal.Xds.Snapshots;

namespace Gimbal.ControlPlane.Serving;

/// <summary>Hands every compile to the xDS publisher, which versions it and pushes only what changed.</summary>
public sealed class XdsRouteTableSink(XdsPublisher publisher) : IRouteTableSink
{
    public void Apply(CompileResult result) => publisher.Publish(result.Routes, result.Endpoints);
}
