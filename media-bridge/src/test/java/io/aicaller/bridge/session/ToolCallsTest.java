package io.aicaller.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.aicaller.agents.AgentRules;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.events.TransferCall;

class ToolCallsTest {

    static AgentProfile agent(String transferNumber) {
        String json = "{\"name\": \"desk\", \"instructions\": \"x\", \"builtinTools\": [\"transfer_call\"]"
                + (transferNumber == null ? "" : ", \"transferNumber\": \"" + transferNumber + "\"") + "}";
        return AgentProfile.forCall(AgentRules.parse(json), Map.of(), Map.of(), "gpt-realtime",
                env -> Optional.empty());
    }

    static ToolCalls.Outcome transfer(AgentProfile agent, String arguments) {
        return ToolCalls.decide(new ModelEvent.FunctionCallDone("item_1", "call_1", "transfer_call", arguments,
                "completed"), agent, "CA00000000000000000000000000000001", null, null);
    }

    @Test
    void aTransferWithoutANumberGoesToTheAgentsTransferNumber() {
        assertThat(((TransferCall) transfer(agent("+14155550100"), "{}").command()).to()).isEqualTo("+14155550100");
        assertThat(((TransferCall) transfer(agent("+14155550100"), "{\"to\":\"+14155550111\"}").command()).to())
                .isEqualTo("+14155550111");
        assertThat(transfer(agent(null), "{}").errorJson()).contains("E.164");
    }
}
