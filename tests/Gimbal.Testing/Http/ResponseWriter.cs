using System.Text;
using System.Text.Json.Nodes;
using Gimbal.Testing.Resources;
using Gimbal.Testing.Storage;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Testing.Http;

/// <summary>Writes answers the way kube-apiserver does: compact JSON, one trailing newline, the same headers.</summary>
internal static class ResponseWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void Headers(HttpResponse response, int code)
    {
        response.StatusCode = code;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
    }

    public static async Task JsonAsync(HttpContext context, int code, JsonObject body)
    {
        Headers(context.Response, code);
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body.ToJsonString()), context.RequestAborted);
        await context.Response.Body.WriteAsync(NewLine, context.RequestAborted);
    }

    public static async Task ObjectAsync(HttpContext context, int code, StoredObject obj)
    {
        Headers(context.Response, code);
        await context.Response.Body.WriteAsync(obj.FullJson(), context.RequestAborted);
        await context.Response.Body.WriteAsync(NewLine, context.RequestAborted);
    }

    public static async Task ListAsync(HttpContext context, ApiResource resource, ListPage page)
    {
        Headers(context.Response, 200);
        var meta = new JsonObject { ["resourceVersion"] = page.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (page.Continue is not null)
        {
            meta["continue"] = page.Continue;
            meta["remainingItemCount"] = page.RemainingItemCount;
        }

        var head = $"{{\"kind\":\"{resource.Kind}List\",\"apiVersion\":\"{resource.GroupVersion}\",\"metadata\":{meta.ToJsonString()},\"items\":[";
        var body = context.Response.Body;
        var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(head));
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(page.Items[i].Body);
            if (buffer.Length > 64 * 1024)
            {
                await body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
                buffer.SetLength(0);
            }
        }

        buffer.Write("]}\n"u8);
        await body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }
}
