// Vector tile layers (Leaflet.VectorGrid 1.3) that work on Leaflet 1.9, by subclassing rather than by patching
// Leaflet or VectorGrid for every user of them:
// - VectorGrid's canvas tile renderer ends a click with L.DomEvent.fakeStop(), which Leaflet 1.9 removed; this
//   renderer marks the event stopped itself, as fakeStop did, so the map does not also take the click.
// - Leaflet 1.9 takes a clicked circle of 10 px or less for a marker and asks its getLatLng(); points in tiles
//   have no position of their own, so they answer "not a marker" and the click keeps the mouse position.
// - Each drawn feature keeps its MVT id (`featureId`), for popups and highlighting.

const CanvasTile = L.Canvas.Tile.extend({
  _onClick(e) {
    const point = this._map.mouseEventToLayerPoint(e).subtract(this.getOffset());
    let clicked = null;
    for (const layer of Object.values(this._layers)) {
      if (layer.options.interactive && layer._containsPoint(point) && !this._map._draggableMoved(layer)) clicked = layer;
    }
    if (clicked) {
      e._stopped = true;
      this._fireEvent([clicked], e);
    }
  },
});

const VectorTiles = L.VectorGrid.Protobuf.extend({
  _createLayer(feat, pxPerExtent, layerStyle) {
    const symbolizer = L.VectorGrid.Protobuf.prototype._createLayer.call(this, feat, pxPerExtent, layerStyle);
    if (feat.type === 1) symbolizer.getLatLng = null;
    symbolizer.featureId = feat.id;
    return symbolizer;
  },
});

function canvasTile(coords, tileSize, options) {
  return new CanvasTile(coords, tileSize, options);
}

// A vector tile layer from an {z}/{x}/{y}.pbf URL template, drawn on canvas; `options` as VectorGrid's.
export function vectorTiles(url, options) {
  return new VectorTiles(url, { rendererFactory: canvasTile, maxNativeZoom: 16, ...options });
}

// How many distinct features the layer's loaded tiles hold that `accept(properties)` lets through (needs the
// layer's `getFeatureId` option). For tests and benchmarks: what is drawn.
export function countFeatures(grid, accept) {
  const ids = new Set();
  for (const tile of Object.values(grid._vectorTiles || {})) {
    for (const [id, entry] of Object.entries(tile._features || {})) {
      if (accept(entry.feature.properties)) ids.add(id);
    }
  }
  return ids.size;
}
