package io.rootaccess.operator.api.task;

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

/** A one-shot privileged root task, run at most once, like a Job. */
@JsonClassDescription(
        "A one-shot privileged root task in a member account (unlock an S3 bucket policy, unlock an SQS"
                + " queue policy, or allow root password recovery), run at most once, like a Job.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Categories(ApiGroup.CATEGORY)
@ShortNames("prt")
@AdditionalPrinterColumn(name = "Account", jsonPath = ".spec.accountId")
@AdditionalPrinterColumn(name = "Task", jsonPath = ".spec.type")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
// kubectl get -o wide: the Ready condition's message says why
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class PrivilegedRootTask
        extends CustomResource<PrivilegedRootTaskSpec, PrivilegedRootTaskStatus>
        implements Namespaced {
    // a stored object the operator cannot read must not stop the informer of its whole kind
    @Override
    @JsonDeserialize(using = PrivilegedRootTaskSpec.Lenient.class)
    public void setSpec(PrivilegedRootTaskSpec spec) {
        super.setSpec(spec);
    }

    // ... and the mark survives the operator SDK's copy of the resource
    @Override
    @JsonSerialize(using = LenientSpec.Writer.class)
    public PrivilegedRootTaskSpec getSpec() {
        return super.getSpec();
    }
}
