using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Grpc;

/// <summary>
/// Runs one gRPC call over a Kestrel HTTP/2 request: content-type and encoding checks, deadline from
/// grpc-timeout, cancellation when the peer goes away, and the grpc-status / grpc-message trailers.
/// </summary>
internal sealed partial class GrpcMethodHandler
{
    private const string GrpcContentType = "application/grpc";
    private const string AcceptEncoding = "identity,gzip";
    private readonly GrpcTransportOptions _options;
    private readonly ILogger _logger;

    public GrpcMethodHandler(GrpcTransportOptions options, ILogger<GrpcMethodHandler> logger)
    {
        _options = options;
        _logger = logger;
    }

    public static bool IsGrpcRequest(HttpContext context) =>
        context.Request.ContentType is { } type &&
        (type.Equals(GrpcContentType, StringComparison.OrdinalIgnoreCase) ||
         type.StartsWith(GrpcContentType + "+", StringComparison.OrdinalIgnoreCase) ||
         type.StartsWith(GrpcContentType + ";", StringComparison.OrdinalIgnoreCase));

    public async Task HandleDuplexAsync<TRequest, TResponse>(
        HttpContext context,
        string method,
        MessageParser<TRequest> parser,
        DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        if (!Precheck(context, out var requestGzip))
        {
            return;
        }

        // xDS streams live for hours and sit idle between updates: no body rate or size limits.
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        var responseGzip = _options.CompressResponses && AcceptsGzip(context.Request.Headers["grpc-accept-encoding"]);
        var hasDeadline = GrpcTimeout.TryParse(context.Request.Headers["grpc-timeout"], out var timeout);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (hasDeadline)
        {
            call.CancelAfter(timeout);
        }

        var deadline = hasDeadline ? DateTime.UtcNow + timeout : DateTime.MaxValue;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GrpcContentType;
        context.Response.Headers["grpc-accept-encoding"] = AcceptEncoding;
        if (responseGzip)
        {
            context.Response.Headers["grpc-encoding"] = "gzip";
        }

        // Send headers at once so clients see the stream open before the first response.
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);

        var reader = new GrpcMessageReader<TRequest>(context.Request.BodyReader, parser, _options.MaxReceiveMessageSize, requestGzip);
        var writer = new GrpcMessageWriter<TResponse>(context.Response.BodyWriter, _options.MaxSendMessageSize, responseGzip);
        var callContext = new ServerCallContext(context, method, deadline, call.Token);
        Status status;
        try
        {
            await handler(reader, writer, callContext);
            status = new Status(StatusCode.OK, string.Empty);
        }
        catch (RpcException e)
        {
            status = e.Status;
        }
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            // Only the transport throws IOException here. A client's RST_STREAM surfaces as one ("the client
            // reset the request stream") before RequestAborted is set: that is a peer leaving, not a failure.
            // The peer went away: there is no one to send a status to.
            LogPeerGone(_logger, method, callContext.Peer);
            return;
        }
        catch (OperationCanceledException) when (call.IsCancellationRequested)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        catch (Exception e)
        {
            LogHandlerFailed(_logger, e, method);
            status = new Status(StatusCode.Unknown, "Exception was thrown by handler.");
        }

        WriteStatus(context, status, trailersOnly: false);
    }

    /// <summary>Answers UNIMPLEMENTED for a method nobody serves.</summary>
    public Task UnimplementedAsync(HttpContext context)
    {
        if (Precheck(context, out _))
        {
            context.Response.ContentType = GrpcContentType;
            WriteStatus(context, new Status(StatusCode.Unimplemented, $"Method {context.Request.Path} is unimplemented."), trailersOnly: true);
        }

        return Task.CompletedTask;
    }

    private static bool Precheck(HttpContext context, out bool gzip)
    {
        gzip = false;
        if (!HttpProtocol.IsHttp2(context.Request.Protocol))
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "HTTP/2";
            return false;
        }

        if (!IsGrpcRequest(context))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return false;
        }

        var encoding = context.Request.Headers["grpc-encoding"].ToString();
        if (encoding is "" or "identity")
        {
            return true;
        }

        if (encoding == "gzip")
        {
            gzip = true;
            return true;
        }

        context.Response.ContentType = GrpcContentType;
        context.Response.Headers["grpc-accept-encoding"] = AcceptEncoding;
        WriteStatus(context, new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'."), trailersOnly: true);
        return false;
    }

    private static bool AcceptsGzip(string? header) =>
        header is not null && header.Split(',').Any(e => e.Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase));

    private static void WriteStatus(HttpContext context, Status status, bool trailersOnly)
    {
        var code = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = string.IsNullOrEmpty(status.Detail) ? null : PercentEncode(status.Detail);
        if (trailersOnly || !context.Response.SupportsTrailers())
        {
            context.Response.Headers["grpc-status"] = code;
            if (message is not null)
            {
                context.Response.Headers["grpc-message"] = message;
            }

            return;
        }

        context.Response.AppendTrailer("grpc-status", code);
        if (message is not null)
        {
            context.Response.AppendTrailer("grpc-message", message);
        }
    }

    // grpc-message is percent-encoded UTF-8 for everything outside printable ASCII, and '%'.
    private static string PercentEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "gRPC call {Method} from {Peer} ended: the peer went away")]
    private static partial void LogPeerGone(ILogger logger, string method, string peer);

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC method {Method} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string method);
}
