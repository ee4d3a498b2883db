package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.LenientSpec;

/** What the organization's member-account root users should look like. */
@JsonClassDescription(
        "What the organization's member-account root users should look like: which accounts (targets"
                + " minus exclusions), their desired root state, the organization switches, and the rollout pace."
                + " The operator creates one MemberAccountRootState per selected account.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Categories(ApiGroup.CATEGORY)
@ShortNames("rap")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", priority = 1)
@AdditionalPrinterColumn(
        name = "Selected",
        jsonPath = ".status.selected",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Compliant",
        jsonPath = ".status.compliant",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Blocked",
        jsonPath = ".status.blocked",
        type = AdditionalPrinterColumn.Type.INTEGER)
// kubectl get -o wide: the Ready condition's message says why
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RootAccessPolicy extends CustomResource<RootAccessPolicySpec, RootAccessPolicyStatus>
        implements Namespaced {
    // a stored object the operator cannot read must not stop the informer of its whole kind
    @Override
    @JsonDeserialize(using = RootAccessPolicySpec.Lenient.class)
    public void setSpec(RootAccessPolicySpec spec) {
        super.setSpec(spec);
    }

    // ... and the mark survives the operator SDK's copy of the resource
    @Override
    @JsonSerialize(using = LenientSpec.Writer.class)
    public RootAccessPolicySpec getSpec() {
        return super.getSpec();
    }
}
