/**
 * The DR map: where streams live (regions → servers → streams) and how their copies (mirrors,
 * sources) cross regions; a model from a live connection or the workspace's files, a layout by
 * elkjs and an SVG rendering. Pure: no `vscode`, no DOM.
 */
export type { DrEdge, DrHealth, DrMap, DrOrigin, DrRegion, DrReplica, DrServer, DrStream } from './model';
export { UNKNOWN_REGION, drMapFromFiles, drMapFromLive } from './model';
export type { Box, DrLayout } from './layout';
export { STREAM_HEIGHT, STREAM_WIDTH, elkGraph, layoutDrMap, runElk } from './layout';
export type { DrSvgOptions } from './svg';
export { DR_MAP_STYLE, renderDrMapSvg, streamDetail, streamLabel } from './svg';
export type { FileDrillClusters, FileDrillTopology } from './drillTopology';
export { drillTopologyFromFiles, fileDrillClustersFrom, worstCasePlacement } from './drillTopology';
