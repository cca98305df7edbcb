using Gimbal.Core.Routing;
using Gimbal.Yarp.Translation;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// Replaces a prefix route's matched prefix with the route's rewrite. YARP's PathRemovePrefix +
/// PathPrefix pair would turn "/app/x" with rewrite "/" into "//x"; this keeps one slash.
/// </summary>
internal sealed class PrefixRewriteTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var descriptor = RouteDescriptor.FromMetadata(context.Route.Metadata);
        if (descriptor?.Route.Action.Forward?.PrefixRewrite is not { } rewrite || descriptor.Route.Match.PathKind == PathMatchKind.Regex)
        {
            return;
        }

        var matched = descriptor.Route.Match.Path.Length > 1 ? descriptor.Route.Match.Path.TrimEnd('/') : string.Empty;
        context.AddRequestTransform(transform =>
        {
            var path = transform.Path.Value ?? string.Empty;
            var rest = path.Length >= matched.Length ? path[matched.Length..] : string.Empty;
            var joined = rewrite.EndsWith('/') && rest.StartsWith('/') ? rewrite + rest[1..] : rewrite + rest;
            transform.Path = new PathString(joined.Length == 0 || joined[0] != '/' ? "/" + joined : joined);
            return ValueTask.CompletedTask;
        });
    }
}
