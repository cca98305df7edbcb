using Gimbal.Core.Compilation;
using Gimbal.Hosting.Routing;
using Gimbal.Yarp;

namespace Gimbal.Gateway;

/// <summary>Hands each compiled table to the in-process YARP data plane.</summary>
internal sealed class YarpRouteTableSink(GimbalYarpDataPlane dataPlane) : IRouteTableSink
{
    public void Apply(CompileResult result) => dataPlane.Apply(result.Routes, result.Endpoints);
}
