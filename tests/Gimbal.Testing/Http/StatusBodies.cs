using System.Text.Json.Nodes;
using Gimbal.Testing.Resources;

namespace Gimbal.Testing.Http;

/// <summary>Status bodies shaped and worded as kube-apiserver writes them (see /work/shared/kube-api).</summary>
internal static class StatusBodies
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details, bool withDetails = true)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (withDetails)
        {
            status["details"] = details ?? new JsonObject();
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Details(string? name, ApiResource resource, bool useKind = false, string? uid = null)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = useKind ? resource.Kind : resource.Plural;
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return details;
    }

    public static ApiError NotFound(ApiResource resource, string name) =>
        new(404, Failure(404, "NotFound", $"{resource.QualifiedPlural} \"{name}\" not found", Details(name, resource)));

    public static ApiError NamespaceNotFound(string ns) =>
        new(404, Failure(404, "NotFound", $"namespaces \"{ns}\" not found", Details(ns, ResourceCatalog.Namespaces)));

    public static ApiError UnknownPath() =>
        new(404, Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject()));

    public static ApiError AlreadyExists(ApiResource resource, string name) =>
        new(409, Failure(409, "AlreadyExists", $"{resource.QualifiedPlural} \"{name}\" already exists", Details(name, resource)));

    public static ApiError Conflict(ApiResource resource, string name) =>
        new(409, Failure(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedPlural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(name, resource)));

    public static ApiError PreconditionFailed(ApiResource resource, string name, string message) =>
        new(409, Failure(409, "Conflict", $"Operation cannot be fulfilled on {resource.Kind} \"{name}\": {message}", Details(name, resource, useKind: true)));

    public static ApiError BadRequest(string message) => new(400, Failure(400, "BadRequest", message, null, withDetails: false));

    public static ApiError MethodNotAllowed() =>
        new(405, Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject()));

    public static ApiError UnsupportedMediaType() =>
        new(415, Failure(415, "UnsupportedMediaType", "415: Unsupported Media Type", new JsonObject()));

    public static ApiError Unauthorized() => new(401, Failure(401, "Unauthorized", "Unauthorized", null, withDetails: false));

    public static ApiError Expired(string message) => new(410, Failure(410, "Expired", message, null, withDetails: false));

    public static ApiError Invalid(ApiResource resource, string? name, IReadOnlyList<FieldError> errors)
    {
        // Go's field.ErrorList.ToAggregate drops repeated messages; the causes keep them.
        var distinct = errors.Select(e => e.ToString()).Distinct().ToList();
        var joined = distinct.Count == 1 ? distinct[0] : $"[{string.Join(", ", distinct)}]";
        var details = Details(name, resource, useKind: true);
        var qualifiedKind = resource.QualifiedKind;
        if (resource == ResourceCatalog.Ingresses)
        {
            // kube-apiserver 1.20 names Ingress errors after the legacy group, whatever version was used.
            qualifiedKind = "Ingress.extensions";
            details["group"] = "extensions";
            details.Remove("kind");
            details["kind"] = "Ingress";
        }

        details["causes"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.Reason,
            ["message"] = e.Message,
            ["field"] = e.Field,
        }).ToArray());
        return new(422, Failure(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", details));
    }

    /// <summary>The Status a successful DELETE answers with: no code, details name the object.</summary>
    public static JsonObject DeleteSuccess(ApiResource resource, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = Details(name, resource, uid: uid),
    };
}

/// <summary>One field error of an Invalid answer.</summary>
internal sealed record FieldError(string Reason, string Field, string Message)
{
    public static FieldError Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: \"{value}\": {detail}");

    public static FieldError InvalidNumber(string field, long value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {value}: {detail}");

    public static FieldError Required(string field, string? detail = null) =>
        new("FieldValueRequired", field, detail is null ? "Required value" : $"Required value: {detail}");

    public override string ToString() => $"{Field}: {Message}";
}
