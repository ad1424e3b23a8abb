// Front-end event names, shared by every component.
export enum CartEvents {
  Abandoned = 'Cart Abandoned',
  Shared = 'Cart Shared',
}
