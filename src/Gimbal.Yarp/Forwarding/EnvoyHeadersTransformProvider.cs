using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gimbal.Yarp.Forwarding;

/// <summary>
/// The request headers an upstream sees, as Envoy sends them: the client's Host kept, the client
/// address appended to X-Forwarded-For and X-Forwarded-Proto set. YARP's defaults would replace the
/// Host with the destination's address and also add X-Forwarded-Host and X-Forwarded-Prefix, which
/// Envoy never sends and which cost two more header writes per request.
/// </summary>
internal sealed class EnvoyHeadersTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.UseDefaultForwarders = false;
        context.AddOriginalHost(useOriginal: true);
        context.AddXForwardedFor(action: ForwardedTransformActions.Append);
        context.AddXForwardedProto(action: ForwardedTransformActions.Set);
    }
}
