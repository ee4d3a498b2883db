package io.rootaccess.operator.api.account;

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

/**
 * The desired and observed root state of one member account. Normally created and owned by a
 * RootAccessPolicy; a hand-written one works on its own too.
 */
@JsonClassDescription(
        "The desired and observed root state of one member account: the last audit, the plan, the"
                + " actions taken. Normally created and owned by a RootAccessPolicy; a hand-written one works on"
                + " its own too.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Categories(ApiGroup.CATEGORY)
@ShortNames("mars")
@AdditionalPrinterColumn(name = "Account", jsonPath = ".spec.accountId")
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".spec.rootCredentials.state")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
        name = "Last-Audit",
        jsonPath = ".status.lastAuditTime",
        type = AdditionalPrinterColumn.Type.DATE)
// kubectl get mars -o wide: when a notice's removal happens (spec.notice)
@AdditionalPrinterColumn(
        name = "Scheduled-At",
        jsonPath = ".status.scheduledAt",
        type = AdditionalPrinterColumn.Type.DATE,
        priority = 1)
// kubectl get -o wide: the Ready condition's message says why
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class MemberAccountRootState
        extends CustomResource<MemberAccountRootStateSpec, MemberAccountRootStateStatus>
        implements Namespaced {
    // a stored object the operator cannot read must not stop the informer of its whole kind
    @Override
    @JsonDeserialize(using = MemberAccountRootStateSpec.Lenient.class)
    public void setSpec(MemberAccountRootStateSpec spec) {
        super.setSpec(spec);
    }

    // ... and the mark survives the operator SDK's copy of the resource
    @Override
    @JsonSerialize(using = LenientSpec.Writer.class)
    public MemberAccountRootStateSpec getSpec() {
        return super.getSpec();
    }
}
