using System.Text;
using System.Text.Json.Nodes;
using Gimbal.Testing.Http;
using Gimbal.Testing.Resources;

namespace Gimbal.Testing.Validation;

/// <summary>Defaults the real server fills in on create (Service cluster IPs and port defaults, Namespace phase, Secret stringData).</summary>
internal static class ObjectDefaulter
{
    public static void OnCreate(ApiResource resource, JsonObject obj, Func<string> allocateClusterIp)
    {
        if (resource == ResourceCatalog.Services)
        {
            DefaultService(obj, allocateClusterIp);
        }
        else if (resource == ResourceCatalog.Ingresses)
        {
            obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        }
        else if (resource == ResourceCatalog.Endpoints && obj["subsets"] is JsonArray { Count: 0 })
        {
            // Go's omitempty: an empty subsets list is not written back.
            obj.Remove("subsets");
        }
        else if (resource == ResourceCatalog.Namespaces)
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
    }

    /// <summary>On every write of a Secret: stringData is merged into data and never stored; data must be base64.</summary>
    public static void NormalizeSecret(ApiResource resource, JsonObject obj)
    {
        if (resource != ResourceCatalog.Secrets)
        {
            return;
        }

        obj["type"] ??= "Opaque";
        if (obj["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                var text = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)value! : string.Empty;
                if (!IsBase64(text))
                {
                    throw StatusBodies.BadRequest($"Secret in version \"v1\" cannot be handled as a Secret: v1.Secret.Data: decode base64: illegal base64 data in key {key}");
                }
            }
        }

        if (obj["stringData"] is JsonObject stringData)
        {
            var merged = obj["data"] as JsonObject ?? new JsonObject();
            foreach (var (key, value) in stringData.ToList())
            {
                merged[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? string.Empty));
            }

            obj.Remove("stringData");
            obj["data"] = merged;
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static void DefaultService(JsonObject obj, Func<string> allocateClusterIp)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        obj["spec"] = null;
        obj.Remove("spec");
        if (spec["ports"] is JsonArray ports)
        {
            var ordered = new JsonArray();
            foreach (var node in ports.ToList())
            {
                if (node is not JsonObject port)
                {
                    continue;
                }

                ports.Remove(port);
                var result = new JsonObject();
                Move(port, result, "name");
                result["protocol"] = port["protocol"]?.DeepClone() ?? "TCP";
                Move(port, result, "appProtocol");
                Move(port, result, "port");
                result["targetPort"] = port["targetPort"]?.DeepClone() ?? result["port"]?.DeepClone();
                Move(port, result, "nodePort");
                ordered.Add(result);
            }

            spec.Remove("ports");
            spec["ports"] = ordered;
        }

        var type = (string?)spec["type"] ?? "ClusterIP";
        var result2 = new JsonObject();
        Move(spec, result2, "ports");
        Move(spec, result2, "selector");
        if (type != "ExternalName" && (string?)spec["clusterIP"] is null or "")
        {
            var ip = allocateClusterIp();
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
        }

        Move(spec, result2, "clusterIP");
        Move(spec, result2, "clusterIPs");
        spec.Remove("type");
        result2["type"] = type;
        Move(spec, result2, "externalName");
        result2["sessionAffinity"] = spec["sessionAffinity"]?.DeepClone() ?? "None";
        spec.Remove("sessionAffinity");
        foreach (var (key, value) in spec.ToList())
        {
            spec.Remove(key);
            result2[key] = value;
        }

        obj["spec"] = result2;
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    private static void Move(JsonObject from, JsonObject to, string key)
    {
        if (from.TryGetPropertyValue(key, out var value))
        {
            from.Remove(key);
            to[key] = value;
        }
    }
}
