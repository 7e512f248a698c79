package dev.shadowbot.engine.cutover;

/**
 * One table's part of an atomic swap: {@code live} becomes {@code retired}, {@code replacement}
 * becomes {@code live}. For a cutover the replacement is the shadow and the retired name is the old
 * table kept for the revert window; for a revert the roles are swapped.
 */
public record TableSwap(String live, String replacement, String retired) {
}
