using Gimbal.Yarp.Translation;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// On routes that retry on answer statuses, looks at each answer before its body is copied and
/// lets <see cref="RetryAttempt"/> hold it back. YARP streams answers, so this is the last moment
/// a 5xx can still be replaced by a retry: nothing of it has reached the client yet.
/// </summary>
internal sealed class RetryTransformProvider : ITransformProvider
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
        if (RetryPlan.From(descriptor?.Route.Action.Forward?.Retry) is not { RetriesStatuses: true })
        {
            return;
        }

        context.AddResponseTransform(transform =>
        {
            if (transform.ProxyResponse is { } response
                && transform.HttpContext.Features.Get<RetryAttempt>() is { } attempt
                && attempt.TryHoldBack((int)response.StatusCode))
            {
                transform.SuppressResponseBody = true;
            }

            return ValueTask.CompletedTask;
        });
    }
}
