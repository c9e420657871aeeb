package io.kubelab.engine.server.table;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;

import java.time.Instant;
import java.util.List;

/**
 * Builds {@code meta.k8s.io} Tables, the answer to {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}
 * that {@code kubectl get} asks for. Every row carries its object's metadata as a
 * {@code PartialObjectMetadata}, which kubectl needs for the NAMESPACE column of {@code -A} and for
 * {@code --show-labels}.
 */
public final class Tables {
    private Tables() {}

    /**
     * A table of {@code items}.
     *
     * @param apiVersion      {@code meta.k8s.io/v1} or {@code meta.k8s.io/v1beta1}, as the client asked
     * @param resourceVersion the list's (or single object's) resourceVersion: kubectl's {@code get -w}
     *                        starts its watch there
     * @param withColumns     {@code false} for the watch events after the first (upstream then sends
     *                        {@code "columnDefinitions": null})
     * @param now             the cluster's clock, for the AGE columns
     */
    public static ObjectNode table(ResourceType type, List<? extends HasMetadata> items, String apiVersion,
                                   String resourceVersion, boolean withColumns, Instant now) {
        ObjectNode table = Kube.JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", apiVersion);
        ObjectNode meta = table.putObject("metadata");
        if (resourceVersion != null) {
            meta.put("resourceVersion", resourceVersion);
        }
        if (withColumns) {
            ArrayNode columns = table.putArray("columnDefinitions");
            for (Column c : Printers.columns(type)) {
                ObjectNode col = columns.addObject();
                col.put("name", c.name());
                col.put("type", c.type());
                col.put("format", c.format());
                col.put("description", c.description());
                col.put("priority", c.priority());
            }
        } else {
            table.putNull("columnDefinitions");
        }
        ArrayNode rows = table.putArray("rows");
        String metaApiVersion = apiVersion;
        for (HasMetadata item : items) {
            Row row = Printers.row(item, now);
            ObjectNode r = rows.addObject();
            ArrayNode cells = r.putArray("cells");
            for (Object cell : row.cells()) {
                if (cell instanceof Long l) {
                    cells.add(l);
                } else if (cell instanceof Integer i) {
                    cells.add(i);
                } else {
                    cells.add(cell == null ? "" : cell.toString());
                }
            }
            if (!row.conditions().isEmpty()) {
                ArrayNode conditions = r.putArray("conditions");
                for (Row.RowCondition c : row.conditions()) {
                    ObjectNode cn = conditions.addObject();
                    cn.put("type", c.type());
                    cn.put("status", c.status());
                    cn.put("reason", c.reason());
                    cn.put("message", c.message());
                }
            }
            ObjectNode object = r.putObject("object");
            object.put("kind", "PartialObjectMetadata");
            object.put("apiVersion", metaApiVersion);
            object.set("metadata", Kube.JSON.valueToTree(item.getMetadata()));
        }
        return table;
    }
}
