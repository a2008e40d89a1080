package io.aicaller.bridge.model;

import java.util.List;

/**
 * A remote MCP server the model calls itself, with its authorization resolved from the environment for this call.
 *
 * @param authorization the OAuth token sent to the model with the server; never logged
 */
public record McpTool(String label, String url, String description, List<String> allowedTools,
        String requireApproval, String authorization) {

    public McpTool {
        allowedTools = allowedTools == null ? null : List.copyOf(allowedTools);
    }

    @Override
    public String toString() {
        return "McpTool[" + label + " " + url + (authorization != null ? " (authorized)" : "") + "]";
    }
}
