package dev.tessera.spark;

import dev.tessera.Device;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** The device a Spark task trains, predicts or runs a trial on, from a device setting ({@link DataParallelConfig#device()}). */
public final class TaskDevices {
    private TaskDevices() {
    }

    /**
     * {@code gpu}: the first GPU Spark assigned this task ({@code cuda:ADDRESS}); {@code auto}: the best device of
     * the executor; anything else: that device spec.
     *
     * @throws IllegalStateException naming the task, the setting and why the device is not there
     */
    public static Device open(String spec) {
        TaskContext ctx = TaskContext.get();
        String where = ctx == null ? "driver" : "task " + ctx.partitionId() + " (stage " + ctx.stageId() + ")";
        String resolved = spec;
        if (spec.equals("gpu")) {
            ResourceInformation gpu = ctx == null ? null : ctx.resources().get("gpu").getOrElse(() -> null);
            if (gpu == null || gpu.addresses().length == 0) {
                throw new IllegalStateException(where + ": device 'gpu' requested but Spark assigned no GPU to the "
                        + "task (set spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount)");
            }
            resolved = "cuda:" + gpu.addresses()[0];
        }
        try {
            return resolved.equals("auto") ? Device.auto() : Device.of(resolved);
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + ": device '" + resolved + "' is not available on this executor: "
                    + e.getMessage(), e);
        }
    }
}
