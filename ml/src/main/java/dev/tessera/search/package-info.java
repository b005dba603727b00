/**
 * Hyperparameter search: a {@link dev.tessera.search.SearchSpace} of named {@link dev.tessera.search.Dimension
 * dimensions} (log-uniform, uniform, integer, categorical) explored by {@link dev.tessera.search.GridSearch},
 * {@link dev.tessera.search.RandomSearch} or {@link dev.tessera.search.GeneticSearch}; each trial evaluates the user's
 * {@link dev.tessera.search.Objective} on one {@link dev.tessera.search.Params point}, and the
 * {@link dev.tessera.search.SearchResult} ranks the trials by the {@link dev.tessera.search.Goal}. Seeded, so a search
 * repeats exactly.
 */
package dev.tessera.search;
