using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gimbal.Testing.Http;
using Gimbal.Testing.Resources;

namespace Gimbal.Testing.Validation;

/// <summary>The subset of kube-apiserver validation Gimbal's objects meet, worded as the real server words it.</summary>
internal static partial class ObjectValidator
{
    private const string Dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private const string PortRangeMessage = "must be between 1 and 65535, inclusive";

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    public static List<FieldError> Validate(ApiResource resource, JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        var meta = obj["metadata"] as JsonObject;
        ValidateName(resource, (string?)meta?["name"], errors);
        if (meta?["labels"] is JsonObject labels)
        {
            foreach (var (_, value) in labels)
            {
                var text = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)value! : value?.ToJsonString() ?? string.Empty;
                if (text.Length > 63 || !LabelValue().IsMatch(text))
                {
                    errors.Add(FieldError.Invalid("metadata.labels", text, LabelValueMessage));
                }
            }
        }

        if (resource == ResourceCatalog.Services)
        {
            ValidateService(obj, errors);
        }
        else if (resource == ResourceCatalog.Endpoints)
        {
            ValidateEndpoints(obj, errors);
        }
        else if (resource == ResourceCatalog.Secrets)
        {
            ValidateSecret(obj, old, errors);
        }
        else if (resource == ResourceCatalog.Ingresses)
        {
            ValidateIngress(obj, errors);
        }

        return errors;
    }

    private static void ValidateName(ApiResource resource, string? name, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
            return;
        }

        var (ok, message) = resource == ResourceCatalog.Services ? (Dns1035().IsMatch(name) && name.Length <= 63, Dns1035Message)
            : resource == ResourceCatalog.Namespaces ? (Dns1123Label().IsMatch(name) && name.Length <= 63, Dns1123LabelMessage)
            : (Dns1123Subdomain().IsMatch(name) && name.Length <= 253, Dns1123SubdomainMessage);
        if (!ok)
        {
            errors.Add(FieldError.Invalid("metadata.name", name, message));
        }
    }

    private static void ValidateService(JsonObject obj, List<FieldError> errors)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        if (spec["ports"] is JsonArray ports)
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i] is not JsonObject port)
                {
                    continue;
                }

                if ((string?)port["name"] is { Length: > 0 } portName && !Dns1123Label().IsMatch(portName))
                {
                    errors.Add(FieldError.Invalid($"spec.ports[{i}].name", portName, Dns1123LabelMessage));
                }

                var number = port["port"]?.GetValue<long>() ?? 0;
                if (number is < 1 or > 65535)
                {
                    errors.Add(FieldError.InvalidNumber($"spec.ports[{i}].port", number, PortRangeMessage));
                }

                if (port["targetPort"] is JsonValue target && target.TryGetValue<long>(out var targetNumber) && targetNumber is < 1 or > 65535)
                {
                    errors.Add(FieldError.InvalidNumber($"spec.ports[{i}].targetPort", targetNumber, PortRangeMessage));
                }
            }
        }

        if ((string?)spec["type"] is { } type && type is not ("ClusterIP" or "ExternalName" or "LoadBalancer" or "NodePort"))
        {
            errors.Add(new FieldError("FieldValueNotSupported", "spec.type", $"Unsupported value: \"{type}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
        }
    }

    private static void ValidateEndpoints(JsonObject obj, List<FieldError> errors)
    {
        if (obj["subsets"] is not JsonArray subsets)
        {
            return;
        }

        for (var s = 0; s < subsets.Count; s++)
        {
            foreach (var list in new[] { "addresses", "notReadyAddresses" })
            {
                if (subsets[s]?[list] is not JsonArray addresses)
                {
                    continue;
                }

                for (var a = 0; a < addresses.Count; a++)
                {
                    var field = $"subsets[{s}].{list}[{a}].ip";
                    var ip = (string?)addresses[a]?["ip"] ?? string.Empty;
                    if (!IPAddress.TryParse(ip, out var address) || ip.Contains(':') != (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6))
                    {
                        // 1.20 checks the address twice, with two wordings.
                        errors.Add(FieldError.Invalid(field, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
                        errors.Add(FieldError.Invalid(field, ip, "must be a valid IP address"));
                    }
                    else if (IPAddress.IsLoopback(address))
                    {
                        errors.Add(FieldError.Invalid(field, ip, "may not be in the loopback range (127.0.0.0/8)"));
                    }
                    else if (ip.StartsWith("169.254.", StringComparison.Ordinal))
                    {
                        errors.Add(FieldError.Invalid(field, ip, "may not be in the link-local range (169.254.0.0/16)"));
                    }
                }
            }

            if (subsets[s]?["ports"] is JsonArray ports)
            {
                for (var p = 0; p < ports.Count; p++)
                {
                    var number = ports[p]?["port"]?.GetValue<long>() ?? 0;
                    if (number is < 1 or > 65535)
                    {
                        errors.Add(FieldError.InvalidNumber($"subsets[{s}].ports[{p}].port", number, PortRangeMessage));
                    }
                }
            }
        }
    }

    private static void ValidateSecret(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        var type = (string?)obj["type"] ?? "Opaque";
        if (old is not null && ((string?)old["type"] ?? "Opaque") != type)
        {
            errors.Add(FieldError.Invalid("type", type, "field is immutable"));
        }

        if (type == "kubernetes.io/tls")
        {
            var data = obj["data"] as JsonObject;
            foreach (var key in new[] { "tls.crt", "tls.key" })
            {
                if (data?[key] is null)
                {
                    errors.Add(FieldError.Required($"data[{key}]"));
                }
            }
        }
    }

    private const string WildcardMessage = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private static void ValidateHost(string field, string host, List<FieldError> errors)
    {
        if (host.StartsWith('*'))
        {
            if (!host.StartsWith("*.", StringComparison.Ordinal) || !Dns1123Subdomain().IsMatch(host[2..]))
            {
                errors.Add(FieldError.Invalid(field, host, WildcardMessage));
            }
        }
        else if (!Dns1123Subdomain().IsMatch(host))
        {
            errors.Add(FieldError.Invalid(field, host, Dns1123SubdomainMessage));
        }
    }

    private static void ValidateIngress(JsonObject obj, List<FieldError> errors)
    {
        if (obj["spec"]?["rules"] is not JsonArray rules)
        {
            ValidateIngressTls(obj, errors);
            return;
        }

        for (var r = 0; r < rules.Count; r++)
        {
            if (rules[r]?["http"]?["paths"] is not JsonArray paths)
            {
                continue;
            }

            for (var p = 0; p < paths.Count; p++)
            {
                var field = $"spec.rules[{r}].http.paths[{p}]";
                if (paths[p]?["pathType"] is null)
                {
                    errors.Add(FieldError.Required($"{field}.pathType", "pathType must be specified"));
                }

                var service = paths[p]?["backend"]?["service"];
                if (service is not null && service["port"]?["number"] is null && service["port"]?["name"] is null)
                {
                    errors.Add(FieldError.Required($"{field}.backend", "port name or number is required"));
                }
            }
        }

        ValidateIngressTls(obj, errors);
    }

    private static void ValidateIngressTls(JsonObject obj, List<FieldError> errors)
    {
        if (obj["spec"]?["tls"] is not JsonArray tls)
        {
            return;
        }

        for (var t = 0; t < tls.Count; t++)
        {
            if (tls[t]?["hosts"] is JsonArray hosts)
            {
                for (var h = 0; h < hosts.Count; h++)
                {
                    ValidateHost($"spec.tls[{t}].hosts[{h}]", (string?)hosts[h] ?? string.Empty, errors);
                }
            }
        }
    }
}
