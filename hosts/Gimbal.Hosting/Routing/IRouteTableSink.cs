using Gimbal.Core.Compilation;

namespace Gimbal.Hosting.Routing;

/// <summary>A data plane (or anything else) that takes each compiled route table.</summary>
public interface IRouteTableSink
{
    /// <summary>Applies a compile result; called from one loop, never concurrently.</summary>
    void Apply(CompileResult result);
}
